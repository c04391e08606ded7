import CardPrepCore
import CardPrepLedger
import Foundation

extension PipelineRun {
    /// The results of a run, stage by stage, and the drops that need attention after it.
    public struct Report: Sendable {
        public var ingest: IngestReport?
        public var validate: ValidateReport?
        public var transform: TransformReport?
        public var reconcile: [ReconcileReport]?
        public var inspect: [InspectReport]?
        public var archive: ArchiveReport?
        /// The remakes of archived drops' cards that moved in this run (`ArchivedRemakeReconciliation`).
        public var remakes: [ArchivedRemakeReconciliation.Outcome] = []
        /// Drops that failed in this run, in any stage.
        public var failures: [FailedDrop] = []
        /// What each stage would take (dry run), as (stage, drop).
        public var planned: [(stage: PipelineDefinition.Stage, drop: DropRecord)] = []
        /// Every drop that needs attention after the run, this night's or older.
        public var attention = DropAttention()
        /// The signed audit checkpoint the run ended with (the latest, when the run added no entry); nil on a dry run
        /// or without a signing key.
        public var checkpoint: AuditCheckpoints.Written?
        /// How long each stage took, in the order they ran.
        public var stageDurations: [(stage: PipelineDefinition.Stage, duration: Duration)] = []
        /// Every drop of the ledger after the run, for the metrics.
        public var drops: [DropRecord] = []

        /// The drops' folders in the customer outbox that this run published to, one per drop (the latest).
        public var published: [CustomerOutbox.Publication] = []
        /// Drops (or inbox drops, for ingest) another live worker held, skipped by this run.
        public var heldElsewhere: [ClaimedElsewhere] = []
        /// Drops whose claim this run lost while a stage worked on them: nothing of that stage was recorded.
        public var claimsLost: [ClaimedElsewhere] = []

        mutating func note<R>(_ results: StageResults<R>, _ stage: PipelineDefinition.Stage) {
            failures += results.failed
            planned += results.planned.map { (stage, $0) }
            heldElsewhere += results.heldElsewhere.map { ClaimedElsewhere(stage: stage, drop: $0.drop, holder: $0.holder) }
            claimsLost += results.refused.map { ClaimedElsewhere(stage: stage, drop: $0.drop, holder: $0.lost.heldBy) }
            for publication in results.published { notePublished(publication) }
        }

        mutating func notePublished(_ publication: CustomerOutbox.Publication) {
            var publication = publication
            if let earlier = published.firstIndex(where: { $0.dropID == publication.dropID }) {
                publication.changed = publication.changed || published[earlier].changed
                published.remove(at: earlier)
            }
            published.append(publication)
        }

        /// The exit code the run ends with, from the shared table: non-zero while any drop is failed, in discrepancy,
        /// held for a lot not accepted (4, like `qa record` for the lot) or quarantined, whenever that happened, and for
        /// drops rejected in this run.
        public var exitCode: CardPrepExitCode {
            if !failures.isEmpty || attention.count(.failed) > 0 { return .failure }
            if let archive, archive.exitCode != .ok { return archive.exitCode }
            if let reconcile, reconcile.contains(where: { !$0.findings.isEmpty }) { return .discrepancyFound }
            if attention.count(.discrepancy) > 0 || attention.count(.onHold) > 0 { return .discrepancyFound }
            if let ingest, ingest.quarantined > 0 { return .dropQuarantined }
            if attention.count(.quarantined) > 0 { return .dropQuarantined }
            if let validate, validate.rejectedDrops > 0 { return .dropQuarantined }
            return .ok
        }

        /// One line for the end of the run.
        public var summary: String {
            var parts: [String] = []
            if let ingest { parts.append(ingest.summary) }
            if let validate { parts.append(validate.summary) }
            if let transform { parts.append(transform.summary) }
            if let reconcile {
                let discrepant = reconcile.filter { !$0.findings.isEmpty }
                parts.append("reconcile: \(reconcile.count) drop(s): \(reconcile.count - discrepant.count) reconciled, "
                             + "\(discrepant.count) with discrepancies (\(discrepant.reduce(0) { $0 + $1.findings.count }) finding(s))")
            }
            if !remakes.isEmpty {
                let reported = remakes.filter(\.reportedInThisRun).count, done = remakes.filter { $0.state == .reconciled }.count
                parts.append("remakes of archived drops: \(remakes.count) moved, \(reported) reported by the floor, \(done) reconciled")
            }
            if let inspect {
                parts.append("inspect: \(inspect.count) drop(s), \(inspect.reduce(0) { $0 + $1.created.count }) lot(s) planned")
            }
            if let archive { parts.append(archive.summary) }
            if !attention.drops.isEmpty { parts.append(attention.summary) }
            if !heldElsewhere.isEmpty { parts.append(ClaimedElsewhere.summary(heldElsewhere, "held by")) }
            if !claimsLost.isEmpty { parts.append("claims lost: " + ClaimedElsewhere.summary(claimsLost, "taken over by")) }
            return parts.isEmpty ? "nothing to do" : parts.joined(separator: "; ")
        }
    }
}

/// A drop's stage (or an inbox drop, for ingest) that another worker held or took over.
public struct ClaimedElsewhere: Sendable, Encodable, Equatable {
    public var stage: String
    /// The drop's id; nil for a drop still in the inbox.
    public var dropID: String?
    public var customer: String
    public var drop: String
    /// The worker holding it: its host and process id; nil when its lease ran out and nobody holds it yet.
    public var host: String?
    public var pid: Int64?

    init(stage: PipelineDefinition.Stage, drop: DropRecord, holder: DropClaimHolder?) {
        self.init(stage: stage, dropID: drop.id, customer: drop.customer, drop: drop.name, holder: holder)
    }

    init(stage: PipelineDefinition.Stage, dropID: String?, customer: String, drop: String, holder: DropClaimHolder?) {
        self.stage = stage.rawValue; self.dropID = dropID; self.customer = customer; self.drop = drop
        self.host = holder?.host; self.pid = holder?.pid
    }

    /// "2 drop(s) held by host-b, 1 drop(s) held by host-c".
    static func summary(_ drops: [ClaimedElsewhere], _ verb: String) -> String {
        var byHost: [String: Int] = [:]
        for drop in drops { byHost[drop.host ?? "nobody (lease ran out)", default: 0] += 1 }
        return byHost.sorted { $0.key < $1.key }.map { "\($0.value) drop(s) \(verb) \($0.key)" }.joined(separator: ", ")
    }
}

/// The drops that need someone's attention (failed, in discrepancy, quarantined, or on hold for a lot not accepted that
/// has no disposition yet), oldest first.
public struct DropAttention: Sendable, Encodable {
    /// One drop that needs attention.
    public struct Item: Sendable, Encodable {
        public var dropID: String
        public var customer: String
        public var drop: String
        public var state: DropState
        public var since: Date
        /// How long it has been in its state, in seconds.
        public var ageSeconds: Int
        /// The stage that failed, for a failed drop.
        public var stage: String?
    }

    public var drops: [Item] = []

    /// Reads them from the ledger.
    public static func collect(ledger: Ledger, now: Date) throws -> DropAttention {
        let states = Set(DropState.allCases.filter(\.needsAttention))
        // A drop held by the inspect stage waits for a lot's disposition, which only people can sign.
        let held = try ledger.drops(in: [.onHold]).filter { try !LotDisposal.undisposed(dropID: $0.id, ledger: ledger).isEmpty }
        let drops = (try ledger.drops(in: states) + held).sorted { $0.stateSince < $1.stateSince }
        return DropAttention(drops: drops.map {
            Item(dropID: $0.id, customer: $0.customer, drop: $0.name, state: $0.state, since: $0.stateSince,
                 ageSeconds: max(0, Int(now.timeIntervalSince($0.stateSince))), stage: $0.failedStage)
        })
    }

    /// How many drops are in `state`.
    public func count(_ state: DropState) -> Int { drops.filter { $0.state == state }.count }

    /// "attention: 2 drop(s) (1 failed, 1 quarantined); oldest cust-01/drop-1 (1a2b3c4d) failed at transform 3d 2h ago"
    public var summary: String {
        guard let oldest = drops.first else { return "attention: none" }
        let counts = [DropState.failed, .discrepancy, .onHold, .quarantined].filter { count($0) > 0 }.map { "\(count($0)) \($0.words)" }
        let stage = oldest.stage.map { " at \($0)" } ?? ""
        return "attention: \(drops.count) drop(s) (\(counts.joined(separator: ", "))); oldest \(oldest.customer)/\(oldest.drop) "
            + "(\(oldest.dropID.prefix(8))) \(oldest.state.words)\(stage) \(Self.age(oldest.ageSeconds)) ago"
    }

    /// `3d 2h`, `5h 10m`, `12m`, `40s`.
    public static func age(_ seconds: Int) -> String {
        let d = seconds / 86_400, h = seconds % 86_400 / 3600, m = seconds % 3600 / 60
        if d > 0 { return "\(d)d \(h)h" }
        if h > 0 { return "\(h)h \(m)m" }
        if m > 0 { return "\(m)m" }
        return "\(seconds)s"
    }
}
