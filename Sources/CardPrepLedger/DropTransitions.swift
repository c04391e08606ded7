import CardPrepCore
import Foundation
import GRDB

/// A change of a drop's state as a stage or a person asks for it. The ledger checks it against `DropLifecycle`
/// and records it, with an audit event, in the same transaction as the work it concludes.
public struct DropTransition: Sendable, Equatable {
    public var dropID: String
    public var action: DropAction
    /// Who: "system" for the pipeline run, else the verified person.
    public var actor: String
    /// The machine it happened on.
    public var host: String
    /// Why, in words (a summary of the stage's result, or the person's reason).
    public var reason: String
    /// With `fail`: the stage, the error and the fix.
    public var failure: DropFailureDetail?
    /// With `fail` and `hold`: the state `retry` or `release` returns to (default: the state the drop is in).
    public var resume: DropState?

    /// Creates a transition.
    public init(
        dropID: String, action: DropAction, actor: String, host: String, reason: String,
        failure: DropFailureDetail? = nil, resume: DropState? = nil
    ) {
        self.dropID = dropID; self.action = action; self.actor = actor; self.host = host; self.reason = reason
        self.failure = failure; self.resume = resume
    }
}

/// One recorded change of a drop's state: from, to, when, who and why.
public struct DropTransitionRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "dropTransition"
    public static var databaseTableName: String { tableName }
    public var seq: Int64?
    public var dropID: String
    /// The action; nil for states taken over from a ledger older than the lifecycle.
    public var action: DropAction?
    /// nil for the drop's first state.
    public var fromState: DropState?
    public var toState: DropState
    public var at: Date
    public var actor: String
    public var host: String
    public var reason: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}

extension Ledger {
    /// Applies one transition on its own, with any further audit events and the signed statement it was decided on
    /// (recorded as used), in one transaction.
    /// - Returns: the drop as it is afterwards.
    /// - Throws: `LedgerError.refused` when the lifecycle does not allow it; `.notFound` for an unknown drop;
    ///   `.query` wrapping `SignedStatementLedgerError.alreadyUsed` for a statement used before.
    @discardableResult
    public func transition(
        _ transition: DropTransition, events: [AuditEvent] = [], statement: SignedStatementRecord? = nil, at time: Date
    ) throws(LedgerError) -> DropRecord {
        try write("\(transition.action.rawValue) drop \(transition.dropID.prefix(12))") { transaction in
            if let statement { try Self.record(statement, in: transaction) }
            let drop = try Self.apply(transition, at: time, in: transaction)
            for event in events { try Self.append(event, at: time, in: transaction) }
            return drop
        }
    }

    /// Every state change of a drop, oldest first.
    public func transitions(of dropID: String) throws(LedgerError) -> [DropTransitionRecord] {
        try read("read transitions") {
            try $0.records(
                DropTransitionRecord.self, #"SELECT * FROM "dropTransition" WHERE "dropID" = ? ORDER BY "seq""#, [.text(dropID)])
        }
    }

    /// The drops in any of `states`, oldest first.
    public func drops(in states: Set<DropState>) throws(LedgerError) -> [DropRecord] {
        guard !states.isEmpty else { return [] }
        let names = states.map(\.rawValue).sorted()
        return try read("list drops") {
            try $0.records(
                DropRecord.self,
                #"SELECT * FROM "drop" WHERE "state" IN ("# + names.map { _ in "?" }.joined(separator: ", ")
                    + #") ORDER BY "registeredAt", "id""#,
                names.map { .text($0) })
        }
    }

    /// Registers a drop in `received` (or finds it there after a release) inside a write transaction.
    static func register(
        _ drop: DropRecord, actor: String, host: String, at time: Date, in transaction: any LedgerTransaction
    ) throws -> DropRecord {
        if let existing = try DropRecord.find(drop.id, in: transaction) {
            guard existing.state == .received else {
                throw LedgerError.refused(DropTransitionRefusal(action: .register, state: existing.state, allowed: [], drop: existing.label))
            }
            var updated = drop
            updated.state = .received
            updated.stateSince = existing.stateSince
            try transaction.update(updated)
            return updated
        }
        var fresh = drop
        fresh.state = .received
        fresh.stateSince = time
        try transaction.insert(fresh)
        try record(DropTransitionRecord(
            seq: nil, dropID: drop.id, action: .register, fromState: nil, toState: .received, at: time, actor: actor, host: host,
            reason: "complete in the inbox"), in: transaction)
        return fresh
    }

    /// Checks `transition` against the lifecycle and the drop's state, changes the state and records it.
    static func apply(_ transition: DropTransition, at time: Date, in transaction: any LedgerTransaction) throws -> DropRecord {
        guard var drop = try DropRecord.find(transition.dropID, in: transaction) else {
            throw LedgerError.notFound(what: "drop \(transition.dropID)")
        }
        let target: DropState
        do { target = try DropLifecycle.target(of: transition.action, from: drop.state, resume: drop.resumeState) } catch {
            var refusal = error
            refusal.drop = drop.label
            throw LedgerError.refused(refusal)
        }
        let from = drop.state
        switch transition.action {
        case .fail, .hold: drop.resumeState = transition.resume ?? from
        default: drop.resumeState = nil
        }
        drop.failedStage = transition.failure?.stage
        drop.failedError = transition.failure?.error
        drop.failedFix = transition.failure?.fix
        drop.state = target
        drop.stateSince = time
        try transaction.update(drop)
        try record(DropTransitionRecord(
            seq: nil, dropID: drop.id, action: transition.action, fromState: from, toState: target, at: time,
            actor: transition.actor, host: transition.host, reason: transition.reason), in: transaction)
        return drop
    }

    private static func record(_ row: DropTransitionRecord, in transaction: any LedgerTransaction) throws {
        var row = row
        row.seq = try transaction.insert(row, generating: "seq")
        var details = ["from": row.fromState?.rawValue ?? "-", "to": row.toState.rawValue, "reason": row.reason]
        if let action = row.action { details["action"] = action.rawValue }
        try append(AuditEvent(event: "drop.state", dropID: row.dropID, actor: row.actor, host: row.host, details: details),
                   at: row.at, in: transaction)
    }
}
