import CardPrepCore
import CardPrepLedger
import Foundation

/// Closing a drop's order short: where records were rejected and the customer will not send replacements, the
/// order lines are approved at the cards the job manifest planned, on a statement a requester and an approver
/// sign with the customer's reference. Reconciliation then checks against the approved quantities, and the drop can
/// go on to the vault.
public struct ShortClosing {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Prepares short closures in `pipeline`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// The states a drop can be closed short in: its jobs are issued and it is not reconciled yet.
    public static let states: Set<DropState> = [.jobsIssued, .inProduction, .discrepancy]

    /// An order line the job manifest plans fewer cards for than ordered.
    public struct Shortfall: Sendable, Equatable {
        public var orderLine: Int
        public var product: String
        public var branch: String
        public var ordered: Int
        public var planned: Int
        public var rejected: Int

        /// `ordered 6 VISA-CL for BR-01, 5 made (1 rejected): approve 5`.
        public var words: String {
            "ordered \(ordered) \(product) for \(branch), \(planned) planned (\(rejected) rejected): approve \(planned)"
        }
    }

    /// The order lines of `drop` planned short.
    /// - Throws: `ShortClosingError` when the drop's state does not allow it or nothing is short; errors reading the
    ///   drop's job manifest.
    public func shortfalls(of drop: DropRecord) throws -> (order: String, lines: [Shortfall]) {
        guard Self.states.contains(drop.state) else { throw ShortClosingError.notInState(drop: drop.label, state: drop.state) }
        let manifest = try DropWorkFolder(path: drop.workPath).jobManifest()
        // Cards a reconciled replacement drop made count as planned: the line is approved at what both drops made.
        let replaced = try OrderReplacements(ledger: ledger).madeCards(for: drop.id)
        let lines = manifest.lines.filter { $0.accepted + (replaced[$0.orderLine] ?? 0) < $0.ordered }.map {
            Shortfall(orderLine: $0.orderLine, product: $0.product, branch: $0.branch, ordered: $0.ordered,
                      planned: $0.accepted + (replaced[$0.orderLine] ?? 0), rejected: $0.rejected)
        }
        guard !lines.isEmpty else { throw ShortClosingError.nothingShort(drop: drop.label) }
        return (manifest.orderID, lines)
    }

    /// What the people sign: the drop, its order, the customer's reference and every line with what is approved.
    public static func request(
        drop: DropRecord, order: String, lines: [Shortfall], customerReference: String, pipeline: PipelineDefinition,
        requester: String, approver: String, reason: String
    ) -> StatementRequest {
        var fields = [
            Statement.Field("requester", requester), .init("approver", approver), .init("customer", drop.customer),
            .init("drop", drop.name), .init("order", order), .init("customer-reference", customerReference),
        ]
        fields += lines.map { Statement.Field("line-\($0.orderLine)", $0.words) }
        return StatementRequest(
            action: .orderCloseShort, subject: DropDecisions.subject(of: drop), pipeline: pipeline.name, fields: fields, reason: reason)
    }

    /// Records the closure the people signed, line by line, with an `order.closed-short` audit event.
    /// - Throws: `ShortClosingError.statementForAnotherDrop`; `LedgerError` when the drop was closed short before or
    ///   the statement was used.
    public func close(
        _ drop: DropRecord, lines: [Shortfall], customerReference: String, on approval: VerifiedStatement
    ) throws -> [ShortClosureRecord] {
        guard approval.statement.action == ControlledAction.orderCloseShort.rawValue,
            approval.statement.subject == DropDecisions.subject(of: drop)
        else { throw ShortClosingError.statementForAnotherDrop(statement: approval.statement.subject, drop: drop.label) }
        let now = context.now()
        let records = lines.map {
            ShortClosureRecord(
                dropID: drop.id, orderLine: $0.orderLine, ordered: $0.ordered, approved: $0.planned,
                customerReference: customerReference, statement: approval.digest, actor: approval.actor, closedAt: now)
        }
        var details = approval.auditDetails
        details["customerReference"] = customerReference
        for line in lines { details["line-\(line.orderLine)"] = line.words }
        try ledger.recordShortClosure(
            records, statement: approval.record(at: now),
            event: AuditEvent(event: "order.closed-short", dropID: drop.id, actor: approval.actor, host: context.host, details: details),
            at: now)
        return records
    }
}

/// Why a drop cannot be closed short.
public enum ShortClosingError: Error, Equatable, CustomStringConvertible {
    /// The drop has no jobs yet, or is reconciled or further.
    case notInState(drop: String, state: DropState)
    /// Every order line is planned in full.
    case nothingShort(drop: String)
    /// The signed statement is about something else.
    case statementForAnotherDrop(statement: String, drop: String)

    public var description: String {
        switch self {
        case let .notInState(drop, state):
            "drop \(drop) is \(state.words); an order is closed short once its jobs are issued and before it is reconciled"
        case let .nothingShort(drop): "drop \(drop) plans every order line in full; there is nothing to close short"
        case let .statementForAnotherDrop(statement, drop): "the statement is about \(statement), not drop \(drop)"
        }
    }
}
