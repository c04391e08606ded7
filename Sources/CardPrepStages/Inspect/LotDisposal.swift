import CardPrepCore
import CardPrepLedger
import Foundation

/// The disposition of a lot that was not accepted (returned, screened and resubmitted, or accepted by customer
/// concession), on a statement a QA inspector asks for and a supervisor approves. Once every lot of its drop that was
/// not accepted has one, the drop is released from its QA hold in the same transaction, and the next run writes its
/// acceptance reports with the dispositions.
public struct LotDisposal {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Prepares dispositions in `pipeline`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// A lot that can be disposed of: decided, not accepted, without a disposition.
    public struct Candidate: Sendable {
        public var lot: InspectionLotRecord
        public var decision: LotDecisionRecord
        public var drop: DropRecord

        /// `not accepted: major 3 nonconforming of 32 inspected (Ac 2, Re 3)`.
        public var words: String {
            let refused = decision.decision.classes.filter { !$0.accepted }.map {
                "\($0.defectClass.rawValue) \($0.nonconforming) nonconforming of \($0.inspected) inspected (Ac \($0.acceptNumber), Re \($0.rejectNumber))"
            }
            return "not accepted: " + refused.joined(separator: "; ")
        }
    }

    /// The lot `lotID`, checked.
    /// - Throws: `LotDisposalError` when the lot is unknown, not decided, accepted or disposed of already.
    public func candidate(_ lotID: String) throws -> Candidate {
        guard let lot = try ledger.lot(id: lotID) else { throw LotDisposalError.unknownLot(lotID) }
        guard let decision = try ledger.decision(lotID: lotID) else { throw LotDisposalError.notDecided(lotID) }
        guard !decision.accepted else { throw LotDisposalError.accepted(lotID) }
        if let earlier = try ledger.disposition(lotID: lotID) { throw LotDisposalError.disposedAlready(lotID, earlier.disposition) }
        guard let drop = try ledger.drop(id: lot.dropID) else { throw LotDisposalError.unknownLot(lotID) }
        return Candidate(lot: lot, decision: decision, drop: drop)
    }

    /// What the people sign: the lot, its decision, the disposition and, for a concession, the customer's reference.
    public static func request(
        _ candidate: Candidate, disposition: LotDisposition, customerReference: String?, pipeline: PipelineDefinition,
        requester: String, approver: String, reason: String
    ) -> StatementRequest {
        var fields = [
            Statement.Field("requester", requester), .init("approver", approver), .init("customer", candidate.lot.customer),
            .init("drop", candidate.drop.name), .init("lot", candidate.lot.id), .init("product", candidate.lot.product),
            .init("decision", candidate.words), .init("disposition", "\(disposition.rawValue): \(disposition.words)"),
        ]
        if let customerReference { fields.append(.init("customer-reference", customerReference)) }
        return StatementRequest(action: .qaDispose, subject: "lot \(candidate.lot.id)", pipeline: pipeline.name, fields: fields, reason: reason)
    }

    /// Records the disposition the people signed, and releases the drop from its QA hold when no lot of it is left
    /// without one.
    /// - Returns: the record, and whether the drop was released.
    /// - Throws: `LotDisposalError` (a statement of another lot, a concession without the customer's reference);
    ///   `LedgerError` (disposed of before, statement used).
    public func dispose(
        _ candidate: Candidate, disposition: LotDisposition, customerReference: String?, reason: String, on approval: VerifiedStatement
    ) throws -> (record: LotDispositionRecord, released: Bool) {
        guard approval.statement.action == ControlledAction.qaDispose.rawValue, approval.statement.subject == "lot \(candidate.lot.id)" else {
            throw LotDisposalError.statementForAnotherLot(statement: approval.statement.subject, lot: candidate.lot.id)
        }
        if disposition.needsCustomerReference, customerReference?.isEmpty ?? true { throw LotDisposalError.customerReferenceNeeded }
        let now = context.now()
        let record = LotDispositionRecord(
            lotID: candidate.lot.id, dropID: candidate.drop.id, disposition: disposition, customerReference: customerReference,
            reason: reason, statement: approval.digest, actor: approval.actor, disposedAt: now)
        var details = approval.auditDetails
        details["lot"] = candidate.lot.id
        details["disposition"] = disposition.rawValue
        if let customerReference { details["customerReference"] = customerReference }
        let event = AuditEvent(event: "lot.disposed", dropID: candidate.drop.id, actor: approval.actor, host: context.host, details: details)
        let others = try ledger.lots(dropID: candidate.drop.id).filter { $0.id != candidate.lot.id }
        let waiting = try others.filter { try ledger.decision(lotID: $0.id)?.accepted == false && ledger.disposition(lotID: $0.id) == nil }
        var release: DropTransition?
        if waiting.isEmpty, candidate.drop.state == .onHold {
            release = DropTransition(
                dropID: candidate.drop.id, action: .release, actor: approval.actor, host: context.host,
                reason: "every lot not accepted has a disposition (lot \(candidate.lot.id): \(disposition.rawValue))")
        }
        try ledger.recordDisposition(record, statement: approval.record(at: now), event: event, release: release, at: now)
        return (record, release != nil)
    }

    /// The lots of `dropID` not accepted and without a disposition.
    static func undisposed(dropID: String, ledger: Ledger) throws -> [String] {
        try ledger.lots(dropID: dropID).filter { try ledger.decision(lotID: $0.id)?.accepted == false && ledger.disposition(lotID: $0.id) == nil }
            .map(\.id)
    }
}

/// Why a lot cannot be disposed of.
public enum LotDisposalError: Error, Equatable, CustomStringConvertible {
    case unknownLot(String)
    case notDecided(String)
    case accepted(String)
    case disposedAlready(String, LotDisposition)
    case customerReferenceNeeded
    case statementForAnotherLot(statement: String, lot: String)

    public var description: String {
        switch self {
        case let .unknownLot(lot): "no lot \(lot) in the ledger (cardprep qa lots lists them)"
        case let .notDecided(lot): "lot \(lot) has no decision yet: record its results first (cardprep qa record)"
        case let .accepted(lot): "lot \(lot) was accepted; only a lot not accepted gets a disposition"
        case let .disposedAlready(lot, disposition): "lot \(lot) was disposed of already (\(disposition.rawValue))"
        case .customerReferenceNeeded: "a concession is the customer's: give their reference with --customer-reference"
        case let .statementForAnotherLot(statement, lot): "the statement is about \(statement), not lot \(lot)"
        }
    }
}
