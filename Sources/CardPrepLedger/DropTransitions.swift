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
public struct DropTransitionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dropTransition"
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
        try write("\(transition.action.rawValue) drop \(transition.dropID.prefix(12))") { db in
            if let statement { try Self.record(statement, in: db) }
            let drop = try Self.apply(transition, at: time, in: db)
            for event in events { try Self.append(event, at: time, in: db) }
            return drop
        }
    }

    /// Every state change of a drop, oldest first.
    public func transitions(of dropID: String) throws(LedgerError) -> [DropTransitionRecord] {
        try read("read transitions") {
            try DropTransitionRecord.filter(Column("dropID") == dropID).order(Column("seq")).fetchAll($0)
        }
    }

    /// The drops in any of `states`, oldest first.
    public func drops(in states: Set<DropState>) throws(LedgerError) -> [DropRecord] {
        try read("list drops") {
            try DropRecord.filter(states.map(\.rawValue).contains(Column("state")))
                .order(Column("registeredAt"), Column("id")).fetchAll($0)
        }
    }

    /// Registers a drop in `received` (or finds it there after a release) inside a write transaction.
    static func register(_ drop: DropRecord, actor: String, host: String, at time: Date, in db: Database) throws -> DropRecord {
        if let existing = try DropRecord.fetchOne(db, key: drop.id) {
            guard existing.state == .received else {
                throw LedgerError.refused(DropTransitionRefusal(action: .register, state: existing.state, allowed: [], drop: existing.label))
            }
            var updated = drop
            updated.state = .received
            updated.stateSince = existing.stateSince
            try updated.update(db)
            return updated
        }
        var fresh = drop
        fresh.state = .received
        fresh.stateSince = time
        try fresh.insert(db)
        try record(DropTransitionRecord(
            seq: nil, dropID: drop.id, action: .register, fromState: nil, toState: .received, at: time, actor: actor, host: host,
            reason: "complete in the inbox"), in: db)
        return fresh
    }

    /// Checks `transition` against the lifecycle and the drop's state, changes the state and records it.
    static func apply(_ transition: DropTransition, at time: Date, in db: Database) throws -> DropRecord {
        guard var drop = try DropRecord.fetchOne(db, key: transition.dropID) else {
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
        try drop.update(db)
        try record(DropTransitionRecord(
            seq: nil, dropID: drop.id, action: transition.action, fromState: from, toState: target, at: time,
            actor: transition.actor, host: transition.host, reason: transition.reason), in: db)
        return drop
    }

    private static func record(_ row: DropTransitionRecord, in db: Database) throws {
        var row = row
        try row.insert(db)
        var details = ["from": row.fromState?.rawValue ?? "-", "to": row.toState.rawValue, "reason": row.reason]
        if let action = row.action { details["action"] = action.rawValue }
        try append(AuditEvent(event: "drop.state", dropID: row.dropID, actor: row.actor, host: row.host, details: details),
                   at: row.at, in: db)
    }
}
