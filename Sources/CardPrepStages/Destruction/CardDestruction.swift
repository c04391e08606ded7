import CardPrepCore
import CardPrepLedger
import Foundation

/// The destruction of spoiled cards before witnesses, done on a statement signed by the person who destroys them
/// and a witness each from production, security and the warehouse (`cards.destroy`), and recorded with the people
/// who signed it: never with names typed into a form.
public struct CardDestruction {
    /// What is destroyed, where, how and when: the facts the statement names.
    public struct Facts: Sendable, Equatable {
        /// The destruction record's id, as the floor's `destruction.csv` names it.
        public var recordID: String
        public var product: String
        public var quantity: Int
        public var serials: [SerialRange]
        public var method: DestructionRecord.Method
        public var place: String
        /// The reference of the camera recording; required.
        public var cctv: String
        /// When the cards were destroyed (whole seconds).
        public var time: Date
        /// The stock account whose cards awaiting destruction these are; nil for cards spoiled in production, which
        /// left the stock register when they were issued.
        public var account: StockAccountKey?

        /// Creates the facts; `time` is cut to whole seconds, as statements write it.
        public init(
            recordID: String, product: String, quantity: Int, serials: [SerialRange], method: DestructionRecord.Method,
            place: String, cctv: String, time: Date, account: StockAccountKey? = nil
        ) {
            self.recordID = recordID; self.product = product; self.quantity = quantity; self.serials = serials
            self.method = method; self.place = place; self.cctv = cctv
            self.time = Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down)); self.account = account
        }

        /// The serials as the statement writes them: `first-last` or one serial, `;` between.
        public var serialText: String { serials.map(\.description).joined(separator: ";") }
    }

    /// Who signs, by duty: the person ids the command names.
    public struct People: Sendable, Equatable {
        public var executor: String
        public var productionWitness: String
        public var securityWitness: String
        public var warehouseWitness: String

        /// Creates the people.
        public init(executor: String, productionWitness: String, securityWitness: String, warehouseWitness: String) {
            self.executor = executor; self.productionWitness = productionWitness; self.securityWitness = securityWitness
            self.warehouseWitness = warehouseWitness
        }
    }

    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Creates the destruction of one pipeline's ledger.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// The statement to sign: the four people, then product, quantity, serials, method, place, cctv and time, and
    /// the stock account when the cards leave one.
    public static func request(pipeline: PipelineDefinition, facts: Facts, people: People, reason: String) -> StatementRequest {
        var fields: [Statement.Field] = [
            .init("executor", people.executor), .init("production-witness", people.productionWitness),
            .init("security-witness", people.securityWitness), .init("warehouse-witness", people.warehouseWitness),
            .init("product", facts.product), .init("quantity", String(facts.quantity)), .init("serials", facts.serialText),
            .init("method", facts.method.rawValue), .init("place", facts.place), .init("cctv", facts.cctv),
            .init("time", StatementTime.text(facts.time)),
        ]
        if let account = facts.account { fields.append(.init("account", account.description)) }
        return StatementRequest(
            action: .cardsDestroy, subject: "destruction \(facts.recordID)", pipeline: pipeline.name, fields: fields,
            reason: reason)
    }

    /// Records the destruction on a verified `cards.destroy` statement for `facts`, in one ledger transaction: the
    /// signed destruction with its four people, the statement as used, the stock movement `destroyed` (reference:
    /// the record id) when the cards leave a stock account, and the `cards.destroyed` audit event, whose actor is
    /// the executor.
    /// - Throws: `CardDestructionError` for a statement of another destruction or a record id used before;
    ///   `LedgerError` when the ledger refuses (a statement used before, too few cards awaiting destruction).
    public func record(_ facts: Facts, approval: VerifiedStatement) throws -> SignedDestructionRecord {
        let subject = "destruction \(facts.recordID)"
        guard approval.statement.action == ControlledAction.cardsDestroy.rawValue, approval.statement.subject == subject else {
            throw CardDestructionError.otherStatement(
                recordID: facts.recordID, action: approval.statement.action, subject: approval.statement.subject)
        }
        if let earlier = try ledger.signedDestruction(id: facts.recordID) {
            throw CardDestructionError.recordedAlready(id: earlier.id, at: earlier.recordedAt, executor: earlier.executor)
        }
        let signers = approval.signers.map {
            SignedDestruction.Signer(duty: $0.duty, person: $0.person.id, department: $0.person.department)
        }
        let destruction = SignedDestruction(
            id: facts.recordID, time: facts.time, place: facts.place, method: facts.method, product: facts.product,
            quantity: facts.quantity, serials: facts.serials, cctv: facts.cctv, executor: signers[0],
            witnesses: Array(signers.dropFirst()))
        let now = context.now()
        let record = SignedDestructionRecord(
            destruction, reason: approval.statement.reason, statement: approval.digest,
            stockAccount: facts.account?.description, recordedAt: now)
        let movement = facts.account.map {
            StockMovement(
                time: facts.time, account: $0, kind: .destroyed, quantity: facts.quantity, reference: facts.recordID,
                note: "\(facts.method.rawValue) at \(facts.place), CCTV \(facts.cctv)")
        }
        var details = approval.auditDetails
        details.merge([
            "destruction": facts.recordID, "product": facts.product, "quantity": String(facts.quantity),
            "serials": facts.serialText, "method": facts.method.rawValue, "place": facts.place, "cctv": facts.cctv,
            "time": StatementTime.text(facts.time),
        ]) { _, own in own }
        if let account = facts.account { details["account"] = account.description }
        let event = AuditEvent(
            event: "cards.destroyed", actor: signers[0].person, host: context.host, key: approval.keys, details: details)
        return try ledger.recordSignedDestruction(
            record, statement: approval.record(at: now), movement: movement, event: event, at: now)
    }
}

/// Why a destruction was not recorded.
public enum CardDestructionError: Error, Equatable, CustomStringConvertible {
    /// The verified statement is for another action or destruction.
    case otherStatement(recordID: String, action: String, subject: String)
    /// A destruction was recorded under the same id before.
    case recordedAlready(id: String, at: Date, executor: String)

    public var description: String {
        switch self {
        case let .otherStatement(id, action, subject):
            "the statement is for \(action) of \(subject), not cards.destroy of destruction \(id)"
        case let .recordedAlready(id, at, executor):
            "destruction \(id) was recorded at \(Timestamp.iso8601(at)), executed by \(executor); a record id is used once"
        }
    }
}
