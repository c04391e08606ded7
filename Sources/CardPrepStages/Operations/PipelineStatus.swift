import CardPrepCore
import CardPrepLedger
import Foundation

/// Where every drop of a pipeline stands, read from the ledger and the inbox without changing either.
public struct PipelineStatus: Sendable, Encodable {
    /// A drop still arriving in the inbox.
    public struct Upload: Sendable, Encodable {
        public var customer: String
        public var drop: String
        public var reason: String
        public var lastChange: Date
        public var stale: Bool
    }

    /// A registered drop, its state and, when it needs a person, what to do.
    public struct Drop: Sendable, Encodable {
        public var customer: String
        public var drop: String
        public var dropID: String
        public var state: DropState
        public var since: Date
        public var completedStages: [String]
        public var registeredAt: Date
        /// The stage, error and fix of a failed drop.
        public var failure: DropFailureDetail?
        /// Why the drop is in its state (the last transition's reason).
        public var reason: String?
        /// The command that takes it on again, for failed and quarantined drops.
        public var retry: String?
        /// Its folder in the customer outbox, once something was published for the customer.
        public var outbox: String?
    }

    /// A job file still in a station's outbox.
    public struct JobFileOut: Sendable, Encodable {
        public var dropID: String
        public var job: String
        public var machine: String
        public var path: String
        public var issuedAt: Date
        public var ageSeconds: Int
    }

    /// A bundle borrowed from the vault and not returned yet.
    public struct Loan: Sendable, Encodable {
        public var bundle: String
        public var borrower: String
        public var reason: String
        public var since: Date
    }

    /// An order line planned short (records rejected) and neither replaced nor closed short.
    public struct OpenOrderLine: Sendable, Encodable {
        public var dropID: String
        public var customer: String
        public var drop: String
        public var order: String
        public var orderLine: Int
        public var product: String
        public var branch: String
        public var ordered: Int
        public var planned: Int
        /// Cards reconciled replacement drops made for the line.
        public var replaced: Int = 0
        /// Cards replacement drops accepted for the line and have not reconciled yet: on their way.
        public var replacing: Int = 0
        /// Since when the drop's jobs were issued.
        public var since: Date
        public var ageSeconds: Int
    }

    /// A remake of an archived drop's card that waits: for the floor's report of the remade card, or for the signed
    /// destruction of the spoiled one.
    public struct ArchivedRemake: Sendable, Encodable {
        public var dropID: String
        public var customer: String
        public var drop: String
        public var remakeJob: String
        public var spoiledSerial: String
        public var state: ArchivedRemakeState
        public var remadeAt: Date
        public var ageSeconds: Int
    }

    /// A worker's claim on a drop's stage (or on an inbox drop, for ingest) whose lease has not run out.
    public struct Claim: Sendable, Encodable {
        /// The drop's id, or `inbox:<customer>/<drop>` for an inbox drop being refused.
        public var dropID: String
        /// The drop's customer and name, when the ledger knows the drop.
        public var customer: String?
        public var drop: String?
        public var stage: String
        public var host: String
        public var pid: Int64
        /// Seconds until the lease runs out unless renewed.
        public var leaseSecondsLeft: Int
    }

    public var pipeline: String
    /// Which worker holds which drop's stage now.
    public var claims: [Claim] = []
    /// Where what goes back to customers is published.
    public var customerOutbox: String = ""
    public var drops: [Drop] = []
    /// Order lines still open, oldest first: closed short or completed once people decide (`cardprep close-short`).
    public var openOrderLines: [OpenOrderLine] = []
    /// How many drops are in each state (every state named, zeros included).
    public var states: [String: Int] = [:]
    /// Drops that need attention, oldest first.
    public var attention = DropAttention()
    public var jobFilesOut: [JobFileOut] = []
    /// Drops whose jobs are issued and whose production results have not come back (`customer/drop`).
    public var waitingForProduction: [String] = []
    /// Lots planned for inspection with no decision yet.
    public var lotsWaitingForInspection: [String] = []
    public var loans: [Loan] = []
    public var duplicateDeliveries = 0
    public var uploads: [Upload] = []
    /// Drops waiting in the inbox that the next run will take.
    public var readyInInbox = 0
    /// Customers' complaints still open, and the oldest of them.
    public var complaints = ComplaintStatus()
    /// Orders not dispatched that are past their due date, or whose shipping plan cannot meet it: late ones first.
    public var shippingRisks: [ShippingRisk] = []
    /// Remakes of archived drops' cards still waiting, oldest first.
    public var remakesOfArchivedDrops: [ArchivedRemake] = []

    /// Reads the status of `pipeline` at `now`.
    /// - Throws: `LedgerError` when the ledger cannot be read; I/O errors reading the inbox.
    public static func collect(pipeline: PipelineDefinition, now: Date) throws -> PipelineStatus {
        let fm = FileManager.default
        var status = PipelineStatus(pipeline: pipeline.name)
        status.customerOutbox = pipeline.customerOutbox
        let ledger = try pipeline.openLedger(readOnly: true)
        let remedy = FailureRemedy(pipeline: pipeline)
        status.drops = try ledger.drops().map { record in
            Drop(customer: record.customer, drop: record.name, dropID: record.id, state: record.state, since: record.stateSince,
                 completedStages: try ledger.steps(of: record.id).map(\.stage), registeredAt: record.registeredAt,
                 failure: record.failure, reason: try ledger.transitions(of: record.id).last?.reason,
                 retry: record.state == .failed || record.state == .quarantined ? remedy.retryCommand(for: record) : nil,
                 outbox: Self.outboxFolder(of: record, in: pipeline))
        }
        for state in DropState.allCases { status.states[state.rawValue] = status.drops.filter { $0.state == state }.count }
        // Leases are times every host compares with its own clock: the wall clock's, whatever `now` is.
        let clock = Date()
        status.claims = try DropClaims(store: ledger.store).live(now: clock).map { claim in
            let drop = status.drops.first { $0.dropID == claim.dropID }
            return Claim(
                dropID: claim.dropID, customer: drop?.customer, drop: drop?.drop, stage: claim.stage, host: claim.holder.host,
                pid: claim.holder.pid, leaseSecondsLeft: max(0, Int(claim.leaseEnds.timeIntervalSince(clock).rounded(.up))))
        }
        status.attention = try DropAttention.collect(ledger: ledger, now: now)
        status.jobFilesOut = try ledger.jobFilesOut().map {
            JobFileOut(dropID: $0.dropID, job: $0.jobID, machine: $0.machine, path: $0.path, issuedAt: $0.issuedAt,
                       ageSeconds: max(0, Int(now.timeIntervalSince($0.issuedAt))))
        }
        status.openOrderLines = try openOrderLines(ledger: ledger, now: now)
        status.waitingForProduction = status.drops.filter { $0.state == .jobsIssued }.map { "\($0.customer)/\($0.drop)" }
        status.duplicateDeliveries = try ledger.deliveryCounts()[.duplicate] ?? 0
        status.complaints = try ComplaintStatus.collect(ledger: ledger, now: now)
        status.shippingRisks = try ShippingRisk.collect(ledger: ledger, now: now)
        for remake in try ledger.archivedRemakes(open: true) {
            let drop = status.drops.first { $0.dropID == remake.dropID }
            status.remakesOfArchivedDrops.append(ArchivedRemake(
                dropID: remake.dropID, customer: drop?.customer ?? "", drop: drop?.drop ?? "", remakeJob: remake.remakeJob,
                spoiledSerial: remake.spoiledSerial, state: remake.state, remadeAt: remake.remadeAt,
                ageSeconds: max(0, Int(now.timeIntervalSince(remake.remadeAt)))))
        }
        status.lotsWaitingForInspection = try ledger.lots().filter { try ledger.decision(lotID: $0.id) == nil }.map(\.id)
        for bundle in try ledger.bundles() {
            if let loan = try ledger.openLoan(bundleID: bundle.id) {
                status.loans.append(Loan(bundle: bundle.id, borrower: loan.borrower, reason: loan.reason, since: loan.outAt))
            }
        }
        if fm.fileExists(atPath: pipeline.inbox) {
            let scanner = InboxScanner(inbox: pipeline.inbox, settleTime: pipeline.settleTime, staleAfter: pipeline.staleAfter)
            for drop in try scanner.drops() {
                switch try scanner.status(of: drop, now: now) {
                case let .uploading(reason, lastChange, stale):
                    status.uploads.append(Upload(customer: drop.customer, drop: drop.name, reason: reason, lastChange: lastChange, stale: stale))
                case .ready, .refused:
                    status.readyInInbox += 1
                }
            }
        }
        return status
    }

    /// The drop's folder in the customer outbox when it holds a signed manifest.
    static func outboxFolder(of drop: DropRecord, in pipeline: PipelineDefinition) -> String? {
        let folder = CustomerOutbox.folder(of: drop, in: pipeline)
        return FileManager.default.fileExists(atPath: folder + "/" + CustomerOutbox.manifestName + ".sig") ? folder : nil
    }

    /// The order lines of drops between their jobs and reconciliation that are planned short, not closed short and not
    /// completed by reconciled replacement drops.
    static func openOrderLines(ledger: Ledger, now: Date) throws -> [OpenOrderLine] {
        var lines: [OpenOrderLine] = []
        for drop in try ledger.drops(in: ShortClosing.states.union([.onHold])) {
            guard let manifest = try? DropWorkFolder(path: drop.workPath).jobManifest() else { continue }
            let closed = Set(try ledger.shortClosures(dropID: drop.id).map(\.orderLine))
            let since = try ledger.transitions(of: drop.id).first { $0.toState == .jobsIssued }?.at ?? drop.stateSince
            let replacements = OrderReplacements(ledger: ledger)
            let made = try replacements.madeCards(for: drop.id), pending = try replacements.pendingCards(for: drop.id)
            for line in manifest.lines where line.accepted + (made[line.orderLine] ?? 0) < line.ordered && !closed.contains(line.orderLine) {
                lines.append(OpenOrderLine(
                    dropID: drop.id, customer: drop.customer, drop: drop.name, order: manifest.orderID, orderLine: line.orderLine,
                    product: line.product, branch: line.branch, ordered: line.ordered, planned: line.accepted,
                    replaced: made[line.orderLine] ?? 0, replacing: pending[line.orderLine] ?? 0, since: since,
                    ageSeconds: max(0, Int(now.timeIntervalSince(since)))))
            }
        }
        return lines.sorted { ($0.since, $0.dropID, $0.orderLine) < ($1.since, $1.dropID, $1.orderLine) }
    }
}
