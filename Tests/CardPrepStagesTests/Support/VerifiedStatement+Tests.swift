import CardPrepCore
import Foundation

@testable import CardPrepStages

extension VerifiedStatement {
    /// A statement taken as verified, for tests of what the vault does with one (the verification itself is tested
    /// with real signatures in `StatementVerifierTests`).
    static func granted(_ request: StatementRequest, at time: Date) throws -> VerifiedStatement {
        let statement = try request.statement(at: time, nonce: Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) }))
        let signers = request.action.duties.map { duty in
            let id = statement.field(duty)!
            let person = Person(id: id, name: id, department: .security, roles: ["security"], keys: [])
            return Signer(duty: duty, person: person, keyType: "ssh-ed25519", keyFingerprint: "SHA256:\(id)", signature: "")
        }
        return VerifiedStatement(
            statement: statement, text: statement.text, digest: Hex.encode(Array(statement.nonce.utf8)), signers: signers)
    }
}
