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

    /// A drop in quarantine, not yet released.
    public struct Quarantined: Sendable, Encodable {
        public var customer: String
        public var drop: String
        public var reason: String
        public var message: String
        public var since: Date
        /// The argument `cardprep retry` takes to release it.
        public var retryName: String
    }

    /// A registered drop and the stages it has completed.
    public struct Drop: Sendable, Encodable {
        public var customer: String
        public var drop: String
        public var dropID: String
        public var state: String
        public var completedStages: [String]
        public var registeredAt: Date
    }

    /// A bundle borrowed from the vault and not returned yet.
    public struct Loan: Sendable, Encodable {
        public var bundle: String
        public var borrower: String
        public var reason: String
        public var since: Date
    }

    public var pipeline: String
    public var drops: [Drop]
    /// Transformed drops whose production results have not arrived yet.
    public var waitingForProduction: [String] = []
    /// Drops whose reconciliation found discrepancies, with the step's summary.
    public var discrepancies: [String] = []
    /// Lots planned for inspection with no decision yet.
    public var lotsWaitingForInspection: [String] = []
    /// Bundles out on loan.
    public var loans: [Loan] = []
    public var duplicateDeliveries: Int
    public var uploads: [Upload]
    public var quarantine: [Quarantined]
    /// Drops waiting in the inbox that the next run will take.
    public var readyInInbox: Int

    /// Reads the status of `pipeline` at `now`.
    /// - Throws: `LedgerError` when the ledger cannot be read; I/O errors reading the inbox.
    public static func collect(pipeline: PipelineDefinition, now: Date) throws -> PipelineStatus {
        let fm = FileManager.default
        var status = PipelineStatus(pipeline: pipeline.name, drops: [], duplicateDeliveries: 0, uploads: [], quarantine: [], readyInInbox: 0)
        if fm.fileExists(atPath: pipeline.ledgerPath) {
            let ledger = try Ledger(path: pipeline.ledgerPath)
            status.drops = try ledger.drops().map { record in
                Drop(customer: record.customer, drop: record.name, dropID: record.id, state: record.state.rawValue,
                     completedStages: try ledger.steps(of: record.id).map(\.stage), registeredAt: record.registeredAt)
            }
            status.duplicateDeliveries = try ledger.deliveryCounts()[.duplicate] ?? 0
            for drop in status.drops where drop.state == DropState.ingested.rawValue {
                let steps = try ledger.steps(of: drop.dropID)
                let name = "\(drop.customer)/\(drop.drop)"
                if let reconcile = steps.first(where: { $0.stage == StepRecord.reconcileStage }) {
                    if !reconcile.isCleanReconciliation { status.discrepancies.append("\(name): \(reconcile.summary)") }
                } else if steps.contains(where: { $0.stage == TransformStage.name }), pipeline.stages.contains(.reconcile) {
                    status.waitingForProduction.append(name)
                }
            }
            status.lotsWaitingForInspection = try ledger.lots().filter { try ledger.decision(lotID: $0.id) == nil }.map(\.id)
            for bundle in try ledger.bundles() {
                if let loan = try ledger.openLoan(bundleID: bundle.id) {
                    status.loans.append(Loan(bundle: bundle.id, borrower: loan.borrower, reason: loan.reason, since: loan.outAt))
                }
            }
            status.quarantine = try ledger.quarantined().map { record in
                Quarantined(customer: record.customer, drop: record.name, reason: record.reasonCode, message: record.message,
                            since: record.quarantinedAt,
                            retryName: record.customer + "/" + URL(fileURLWithPath: record.keptAt).lastPathComponent)
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

    /// The status for people: counts first, then every drop that needs attention.
    public var text: String {
        var lines: [String] = []
        let byState = Dictionary(grouping: drops, by: \.state).mapValues(\.count)
        let states = DropState.allCases.map { "\(byState[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        lines.append("pipeline \(pipeline): \(drops.count) drop(s) registered (\(states)); \(duplicateDeliveries) duplicate delivery(ies)")
        lines.append("inbox: \(readyInInbox) ready for the next run, \(uploads.count) uploading (\(uploads.filter(\.stale).count) stale)")
        for upload in uploads {
            lines.append("  \(upload.stale ? "stale    " : "uploading") \(upload.customer)/\(upload.drop)  \(upload.reason)"
                         + "  (last change \(Timestamp.iso8601(upload.lastChange)))")
        }
        if !waitingForProduction.isEmpty {
            lines.append("waiting for production results: \(waitingForProduction.joined(separator: ", "))")
        }
        for item in discrepancies { lines.append("discrepancy: \(item)") }
        if !lotsWaitingForInspection.isEmpty {
            lines.append("lots waiting for inspection: \(lotsWaitingForInspection.count) (\(lotsWaitingForInspection.prefix(5).joined(separator: ", "))\(lotsWaitingForInspection.count > 5 ? ", …" : ""))")
        }
        for loan in loans {
            lines.append("on loan: bundle \(loan.bundle) to \(loan.borrower) since \(Timestamp.iso8601(loan.since)): \(loan.reason)")
        }
        lines.append("quarantine: \(quarantine.count) drop(s)")
        for item in quarantine {
            lines.append("  \(item.retryName)  \(item.reason): \(item.message)  (since \(Timestamp.iso8601(item.since)))")
        }
        return lines.joined(separator: "\n")
    }
}
