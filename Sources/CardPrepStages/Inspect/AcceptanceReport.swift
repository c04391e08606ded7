import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// The acceptance report of one lot (`cardprep-acceptance/1`): the order and contract, delivered against
/// ordered quantity, the plan, the sample, the defects, the decision with the inspector who signed it, and the recent
/// lots of the customer and product. It holds serials and defect codes, never card data. The bureau's key signs the
/// report, and so countersigns the inspector's statement, whose digest, key and text it carries.
public struct AcceptanceReport: Sendable, Equatable, Codable {
    /// One earlier (or this) lot of the customer and product, for the chart.
    public struct HistoryPoint: Sendable, Equatable, Codable {
        public var lotID: String
        public var decidedAt: String
        public var severity: InspectionSeverity
        public var defective: Int
        public var inspected: Int
        public var accepted: Bool
        /// The switching change this lot caused, if any.
        public var change: SwitchingTransition.Event?
        /// The decision per defect class (absent in reports written before the control chart).
        public var classes: [ClassDecision]?
    }

    /// The format name this version writes.
    public static let formatName = "cardprep-acceptance/1"

    public var format = Self.formatName
    /// When the report was made (ISO 8601, from the run's clock).
    public var generated: String
    public var lot: Lot
    public var plan: LotPlan
    /// The seed that reproduces the pick list (64 hex digits).
    public var seed: String
    /// The pick list, in draw order.
    public var sample: [String]
    /// The defects found (conforming cards left out).
    public var defects: [InspectionFinding]
    public var decision: LotDecision
    /// The switching change the lot caused, if any.
    public var transition: SwitchingTransition?
    /// Who decided: the inspector's person id for a signed decision.
    public var recordedBy: String
    /// The inspector's signed statement of the decision; nil for a decision recorded before decisions were signed.
    public var signedBy: InspectorSignature?
    /// The recent lots of this customer and product, oldest first.
    public var history: [HistoryPoint]
    /// For a lot not accepted: what became of it, signed by a QA inspector and a supervisor.
    public var disposition: DispositionNote?
    /// The customer's name as its profile gives it, for people; nil when it is not known (the id is shown then).
    public var customerName: String?
    /// The bureau's name (the pipeline's `bureau`), for people; nil when it is not known.
    public var bureauName: String?

    /// The disposition of a lot not accepted, as the report shows it.
    public struct DispositionNote: Sendable, Equatable, Codable {
        public var disposition: LotDisposition
        public var words: String
        public var customerReference: String?
        public var reason: String
        /// The people who signed (`carol+frank`).
        public var signedBy: String
        public var statementDigest: String
        public var disposedAt: String
    }

    /// Gathers the report of a decided lot from the ledger.
    /// - Parameters:
    ///   - lotID: the lot.
    ///   - ledger: the ledger.
    ///   - generated: the time to print.
    /// - Throws: `InspectionError.unknown` when the lot is not decided, `LedgerError`.
    public init(lotID: String, ledger: Ledger, generated: Date, customerName: String? = nil, bureauName: String? = nil) throws {
        guard let lotRecord = try ledger.lot(id: lotID), let plan = try ledger.plan(lotID: lotID),
              let sample = try ledger.sample(lotID: lotID), let decision = try ledger.decision(lotID: lotID)
        else { throw InspectionError.unknown(what: "decision for lot \(lotID): record its results first") }
        self.generated = Timestamp.iso8601(generated)
        self.lot = lotRecord.lot
        self.plan = plan.plan
        self.seed = sample.seed
        self.sample = sample.serials
        self.defects = try ledger.results(lotID: lotID).filter { $0.defectClass != nil }
        self.decision = decision.decision
        self.transition = decision.transition
        self.recordedBy = decision.recordedBy
        self.signedBy = try decision.signature.map { signature in
            guard let statement = try ledger.signedStatement(digest: signature.statement) else {
                throw InspectionError.unknown(what: "signed statement \(signature.statement) of lot \(lotID)'s decision")
            }
            return try InspectorSignature(person: decision.recordedBy, signature: signature, statement: statement)
        }
        self.customerName = customerName
        self.bureauName = bureauName
        // The lots decided up to and including this one: a signed report does not change with the day it is made.
        self.history = try ledger.decisions(customer: lotRecord.customer, product: lotRecord.product, decidedUpTo: decision).map {
            HistoryPoint(
                lotID: $0.lotID, decidedAt: Timestamp.iso8601($0.decidedAt), severity: $0.severity, defective: $0.decision.defective,
                inspected: $0.decision.inspected, accepted: $0.accepted, change: $0.transition?.event,
                classes: $0.decision.classes)
        }
        self.disposition = try ledger.disposition(lotID: lotID).map {
            DispositionNote(
                disposition: $0.disposition, words: $0.disposition.words, customerReference: $0.customerReference, reason: $0.reason,
                signedBy: $0.actor, statementDigest: $0.statement, disposedAt: Timestamp.iso8601($0.disposedAt))
        }
    }

    /// The inspector's signature of the decision: who (verified against the register when it was recorded), with which
    /// key, and the statement and signature themselves, for anyone to verify with `ssh-keygen -Y verify`.
    public struct InspectorSignature: Sendable, Equatable, Codable {
        /// The inspector's person id, the principal in `allowedSigners`.
        public var person: String
        /// The inspector's name in the register.
        public var name: String
        /// The `SHA256:` fingerprint of the key that signed.
        public var keyFingerprint: String
        /// The statement's SHA-256, lowercase hex.
        public var statementDigest: String
        /// The statement, as signed.
        public var statement: String
        /// The armored SSHSIG signature (namespace `cardprep-statement`).
        public var signature: String
        /// The line of an allowed_signers file that admits the inspector's key for statements.
        public var allowedSigners: String

        /// Gathers the signature of a decision from its ledger records.
        /// - Throws: `SSHSignatureError` when the kept signature cannot be read.
        init(person: String, signature: LotDecisionSignature, statement: SignedStatementRecord) throws {
            let key = try SSHSignature.claimedSignerKey(of: statement.signatures)
            self.person = person
            name = signature.inspectorName
            keyFingerprint = signature.inspectorKey
            statementDigest = signature.statement
            self.statement = statement.text
            self.signature = statement.signatures
            allowedSigners = "\(person) namespaces=\"\(Statement.signatureNamespace)\" \(key.authorizedKeyLine(comment: nil))\n"
        }
    }

    /// The report as JSON with sorted keys, ending with a newline.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}
