import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// The decisions people take on a drop, each a transition of its lifecycle recorded with who and why:
/// retry (a failed drop, or a quarantined one back to the inbox), hold, release, withdraw. Run under the
/// pipeline lock.
public struct DropDecisions {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Prepares decisions in `pipeline`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// Takes a failed drop on again (the failed stage runs again at the next run), or puts a quarantined drop back
    /// into the inbox so the next run takes it again.
    /// - Returns: the drop as it is now.
    /// - Throws: `LedgerError.refused` for a drop in any other state; `DropDecisionError.inboxOccupied`.
    public func retry(_ drop: DropRecord, reason: String) throws -> DropRecord {
        let transition = DropTransition(dropID: drop.id, action: .retry, actor: context.actor, host: context.host, reason: reason)
        guard drop.state == .quarantined else { return try ledger.transition(transition, at: context.now()) }
        _ = try DropLifecycle.target(of: .retry, from: drop.state)
        let kept = drop.originalsPath
        let target = inboxFolder(of: drop)
        guard !FileManager.default.fileExists(atPath: target) else { throw DropDecisionError.inboxOccupied(target) }
        // The ledger first: a run killed before the move finds the drop received with its folder still in quarantine,
        // and the recovery sweep finishes the move.
        try ledger.releaseQuarantine(
            keptAt: kept, transition: transition,
            event: AuditEvent(event: "drop.released", dropID: drop.id, actor: context.actor, host: context.host,
                              details: ["customer": drop.customer, "drop": drop.name, "from": kept, "reason": reason]),
            at: context.now())
        try Self.returnToInbox(kept, to: target)
        return try ledger.drop(id: drop.id) ?? drop
    }

    /// Stops a drop until a person releases it.
    public func hold(_ drop: DropRecord, reason: String) throws -> DropRecord {
        try ledger.transition(
            DropTransition(dropID: drop.id, action: .hold, actor: context.actor, host: context.host, reason: reason),
            at: context.now())
    }

    /// Takes a held drop on from where it was held.
    public func release(_ drop: DropRecord, reason: String) throws -> DropRecord {
        try ledger.transition(
            DropTransition(dropID: drop.id, action: .release, actor: context.actor, host: context.host, reason: reason),
            at: context.now())
    }

    /// Closes a quarantined drop for good (replaced by a corrected delivery, or cancelled); its files stay in quarantine.
    public func withdraw(_ drop: DropRecord, reason: String) throws -> DropRecord {
        try ledger.transition(
            DropTransition(dropID: drop.id, action: .withdraw, actor: context.actor, host: context.host, reason: reason),
            at: context.now())
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
    case inboxOccupied(String)

    public var description: String {
        switch self {
        case let .inboxOccupied(path): "\(path) exists in the inbox already; move it away first"
        }
    }
}
