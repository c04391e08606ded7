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

    public var pipeline: String
    public var drops: [Drop]
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
        lines.append("quarantine: \(quarantine.count) drop(s)")
        for item in quarantine {
            lines.append("  \(item.retryName)  \(item.reason): \(item.message)  (since \(Timestamp.iso8601(item.since)))")
        }
        return lines.joined(separator: "\n")
    }
}
