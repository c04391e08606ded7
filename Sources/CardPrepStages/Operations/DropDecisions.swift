import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// The decisions people take on a drop, each a transition of its lifecycle made on a statement the people
/// responsible signed: retry (a failed drop, or a quarantined one back to the inbox), hold, release, withdraw and
/// waive (accept a reconciliation discrepancy). Run under the pipeline lock.
public struct DropDecisions {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Prepares decisions in `pipeline`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// Checks that the drop's lifecycle allows `action` now, before anyone is asked to sign.
    /// - Throws: `LedgerError.refused` naming the drop's state and what the action needs first.
    public func check(_ action: ControlledAction, on drop: DropRecord) throws(LedgerError) {
        guard let lifecycle = action.dropAction else { preconditionFailure("\(action.rawValue) is not a decision on a drop") }
        do { _ = try DropLifecycle.target(of: lifecycle, from: drop.state, resume: drop.resumeState) } catch {
            var refusal = error
            refusal.drop = drop.label
            throw .refused(refusal)
        }
    }

    /// What the people sign for `action` on `drop`: the people, the drop as it is now (its customer, name, state and,
    /// when failed, the stage), and why. A statement signed for the drop in another state no longer matches.
    /// - Parameters:
    ///   - approver: the second person; ignored for an action with one duty (`drop.hold`).
    public static func request(
        _ action: ControlledAction, on drop: DropRecord, pipeline: PipelineDefinition, requester: String, approver: String?,
        reason: String
    ) -> StatementRequest {
        var fields = [Statement.Field("requester", requester)]
        if action.duties.contains("approver") { fields.append(.init("approver", approver ?? "")) }
        fields += [.init("customer", drop.customer), .init("drop", drop.name), .init("state", drop.state.rawValue)]
        if drop.state == .failed, let stage = drop.failedStage { fields.append(.init("failed-stage", stage)) }
        return StatementRequest(action: action, subject: subject(of: drop), pipeline: pipeline.name, fields: fields, reason: reason)
    }

    /// The statement subject naming a drop: `drop <id>`.
    public static func subject(of drop: DropRecord) -> String { "drop \(drop.id)" }

    /// Carries out the decision `approval` was signed for, recording the signed statement as used, the transition
    /// with the people who signed as its actor, and a `drop.decision` audit event with each person and key, in one
    /// transaction. A retried quarantined drop's folder then goes back to the inbox, where the next run takes it.
    /// - Returns: the drop as it is now.
    /// - Throws: `DropDecisionError.statementForAnotherDrop`; `LedgerError.refused` when the drop's state no longer
    ///   allows the action; `.query` for a statement used before; `DropDecisionError.inboxOccupied`.
    public func carryOut(_ approval: VerifiedStatement, on drop: DropRecord) throws -> DropRecord {
        guard let controlled = ControlledAction(rawValue: approval.statement.action), let action = controlled.dropAction,
            approval.statement.subject == Self.subject(of: drop)
        else {
            throw DropDecisionError.statementForAnotherDrop(
                statement: "\(approval.statement.action) of \(approval.statement.subject)", drop: drop.label)
        }
        let now = context.now(), reason = approval.statement.reason
        let transition = DropTransition(dropID: drop.id, action: action, actor: approval.actor, host: context.host, reason: reason)
        var details = approval.auditDetails
        details["action"] = controlled.rawValue
        details["customer"] = drop.customer
        details["drop"] = drop.name
        details["from"] = drop.state.rawValue
        let decision = AuditEvent(event: "drop.decision", dropID: drop.id, actor: approval.actor, host: context.host, details: details)
        guard action == .retry, drop.state == .quarantined else {
            return try ledger.transition(transition, events: [decision], statement: approval.record(at: now), at: now)
        }
        try check(controlled, on: drop)
        let kept = drop.originalsPath
        let target = inboxFolder(of: drop)
        guard !FileManager.default.fileExists(atPath: target) else { throw DropDecisionError.inboxOccupied(target) }
        // The ledger first: a run killed before the move finds the drop received with its folder still in quarantine,
        // and the recovery sweep finishes the move.
        details["from"] = kept
        try ledger.releaseQuarantine(
            keptAt: kept, transition: transition,
            event: AuditEvent(event: "drop.released", dropID: drop.id, actor: approval.actor, host: context.host, details: details),
            statement: approval.record(at: now), at: now)
        try Self.returnToInbox(kept, to: target)
        return try ledger.drop(id: drop.id) ?? drop
    }

    /// Where a quarantined drop goes back to.
    func inboxFolder(of drop: DropRecord) -> String { pipeline.inbox + "/" + drop.customer + "/" + drop.name }

    /// Moves a released drop's folder from quarantine back to the inbox, with its reason file out of the way.
    static func returnToInbox(_ kept: String, to target: String) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: kept) else { return }
        try fm.createDirectory(atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try FolderMove.move(kept, to: target)
    }
}

/// Why a decision could not be carried out.
public enum DropDecisionError: Error, Equatable, CustomStringConvertible {
    /// The quarantined drop's folder cannot go back: the inbox has one of that name.
    case inboxOccupied(String)
    /// The signed statement decides something else, or on another drop.
    case statementForAnotherDrop(statement: String, drop: String)

    public var description: String {
        switch self {
        case let .inboxOccupied(path): "\(path) exists in the inbox already; move it away first"
        case let .statementForAnotherDrop(statement, drop): "the statement is for \(statement), not a decision on drop \(drop)"
        }
    }
}
