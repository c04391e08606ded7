import CardPrepCore
import CardPrepCrypto
import Foundation

/// Checks a signed statement against a register of people and a dual-control policy: that it is the statement the
/// command asks for, recent enough, signed by registered keys (Ed25519, ECDSA P-256, FIDO security-key Ed25519), and
/// that the people who signed are the different people the rule needs.
public struct StatementVerifier: Sendable {
    /// Who may sign, with their keys.
    public let register: PersonRegister
    /// The rules and the statement age limit.
    public let policy: DualControlPolicy

    /// Creates a verifier.
    public init(register: PersonRegister, policy: DualControlPolicy) { self.register = register; self.policy = policy }

    /// A signature as given on the command line: its file name (for messages) and armored text.
    public struct SignatureText: Sendable {
        public var path: String
        public var text: String

        /// Creates a signature text.
        public init(path: String, text: String) { self.path = path; self.text = text }
    }

    /// Verifies `text`, the statement read from `path`, and its `signatures` for `request` at time `now`.
    /// - Returns: the verified statement with the person on each duty.
    /// - Throws: `StatementRefusal` saying what does not verify; the checks run from the cheapest to the signatures.
    public func verify(
        _ text: String, path: String, signatures: [SignatureText], for request: StatementRequest, at now: Date
    ) throws(StatementRefusal) -> VerifiedStatement {
        let statement: Statement
        do { statement = try Statement(parsing: text) } catch { throw .malformedStatement(path: path, error) }
        if let difference = request.difference(from: statement) {
            throw .otherRequest(field: difference.field, asked: difference.asked, found: difference.found)
        }
        try checkAge(statement, at: now)
        let rule = policy.rule(for: request)
        let needed = rule.dutyNames.count
        guard signatures.count >= needed else {
            throw .tooFewSignatures(action: rule.action.rawValue, given: signatures.count, needed: needed)
        }
        guard signatures.count == needed else {
            throw .tooManySignatures(action: rule.action.rawValue, given: signatures.count, needed: needed)
        }
        let assignments: [DutyAssignment]
        do { assignments = try rule.namedPeople(in: statement, register: register) } catch { throw .rule(error) }

        let message = Array(text.utf8)
        var signed: [(person: Person, key: SSHPublicKey, signature: SignatureText)] = []
        for signature in signatures {
            let (person, key) = try signer(of: signature, message: message)
            signed.append((person, key, signature))
        }
        do { try rule.confirm(assignments, signedBy: signed.map(\.person)) } catch { throw .rule(error) }

        var digest = StreamingSHA256()
        digest.update(message)
        let signers = assignments.map { assignment in
            let entry = signed.first { $0.person.id == assignment.person.id }!
            return VerifiedStatement.Signer(
                duty: assignment.duty, person: assignment.person, keyType: entry.key.keyType,
                keyFingerprint: entry.key.fingerprint, signature: entry.signature.text)
        }
        return VerifiedStatement(statement: statement, text: text, digest: digest.hex(), signers: signers)
    }

    /// Refuses a statement older than the policy allows, or one from ahead of this machine's clock.
    func checkAge(_ statement: Statement, at now: Date) throws(StatementRefusal) {
        let age = Duration.seconds(Int64(now.timeIntervalSince(statement.requestedAt).rounded(.down)))
        guard age >= .zero - DualControlPolicy.clockSkew else { throw .fromTheFuture(requestedAt: statement.requestedAt) }
        guard age <= policy.statementMaxAge else {
            throw .stale(requestedAt: statement.requestedAt, age: age, maxAge: policy.statementMaxAge)
        }
    }

    /// The registered person whose key made `signature`, after checking it signs `message`.
    private func signer(of signature: SignatureText, message: [UInt8]) throws(StatementRefusal) -> (Person, SSHPublicKey) {
        let key: SSHPublicKey
        do { key = try SSHSignature.claimedSignerKey(of: signature.text) } catch {
            throw .badSignature(path: signature.path, signer: nil, error)
        }
        guard let person = register.person(holdingKey: key.authorizedKeyLine(comment: nil)) else {
            throw .unregisteredKey(path: signature.path, fingerprint: key.fingerprint, keyType: key.keyType)
        }
        do {
            _ = try SSHSignature.verify(signature.text, message: message, namespace: Statement.signatureNamespace, signers: [key])
        } catch let error as SSHSignatureError {
            throw .badSignature(path: signature.path, signer: person.id, error)
        } catch {
            throw .unreadable(path: signature.path, reason: "\(error)")
        }
        return (person, key)
    }
}
