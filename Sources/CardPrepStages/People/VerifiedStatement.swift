import CardPrepCore
import Foundation

/// A statement whose signatures verified against the register and whose people satisfy the action's rule: the proof
/// a signed action is recorded with. Only `StatementVerifier` makes one.
public struct VerifiedStatement: Sendable {
    /// One person who signed, the duty they signed for and the key they used.
    public struct Signer: Sendable {
        /// The duty (`borrower`, `witness`, …).
        public let duty: String
        /// The registered person.
        public let person: Person
        /// The type of the key that signed.
        public let keyType: String
        /// The `SHA256:` fingerprint of the key that signed.
        public let keyFingerprint: String
        /// The armored SSHSIG signature, as given.
        public let signature: String
    }

    /// The statement.
    public let statement: Statement
    /// Its canonical text, as signed.
    public let text: String
    /// The lowercase hex SHA-256 of the text.
    public let digest: String
    /// Who signed, in the order of the action's duties.
    public let signers: [Signer]

    init(statement: Statement, text: String, digest: String, signers: [Signer]) {
        self.statement = statement; self.text = text; self.digest = digest; self.signers = signers
    }

    /// The person who signed for `duty`.
    public func person(onDuty duty: String) -> Person? { signers.first { $0.duty == duty }?.person }

    /// The actor recorded in the audit log: the person ids in duty order, joined by `+` (`alice+bob`).
    public var actor: String { signers.map(\.person.id).joined(separator: "+") }

    /// The keys that signed, for the audit log: `alice SHA256:…, bob SHA256:…`.
    public var keys: String { signers.map { "\($0.person.id) \($0.keyFingerprint)" }.joined(separator: ", ") }

    /// The duties and people, for the audit log: `borrower=alice, approver=bob`.
    public var duties: String { signers.map { "\($0.duty)=\($0.person.id)" }.joined(separator: ", ") }
}
