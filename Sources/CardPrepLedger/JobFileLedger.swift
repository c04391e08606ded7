import CardPrepCore
import Foundation
import GRDB

/// A personalisation job file delivered to a station's outbox: full card data, encrypted to the station. It stays
/// on record after it leaves the outbox, with when and why it was removed.
public struct JobFileRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "jobFile"
    /// Where the file is (or was), absolute.
    public var path: String
    public var dropID: String
    public var jobID: String
    public var machine: String
    public var sha256: String
    public var cards: Int
    public var issuedAt: Date
    /// When the file was removed from the outbox; nil while it is out.
    public var removedAt: Date?
    /// Why it was removed, e.g. "production results returned".
    public var removedBecause: String?

    /// Creates a record of a file just issued.
    public init(path: String, dropID: String, jobID: String, machine: String, sha256: String, cards: Int, issuedAt: Date) {
        self.path = path; self.dropID = dropID; self.jobID = jobID; self.machine = machine; self.sha256 = sha256
        self.cards = cards; self.issuedAt = issuedAt
    }
}

extension Ledger {
    /// Records the transform of a drop: its step, the job files it issued, every card's place in them (its trace
    /// rows), its events and the transition, in one transaction.
    /// - Parameter traces: calls its argument with each card's trace row, streamed from where transform kept them.
    public func completeTransform(
        _ step: StepRecord, jobFiles: [JobFileRecord], traces: ((CardTraceRow) throws -> Void) throws -> Void = { _ in },
        transition: DropTransition, events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record transform of \(step.dropID)") { db in
            try step.save(db)
            for file in jobFiles { try file.save(db) }
            _ = try Self.insertTraces(traces, at: time, in: db)
            for event in events { try Self.append(event, at: time, in: db) }
            _ = try Self.apply(transition, at: time, in: db)
        }
    }

    /// Job files still in the stations' outbox, oldest first; optionally only a drop's.
    public func jobFilesOut(dropID: String? = nil) throws(LedgerError) -> [JobFileRecord] {
        try read("list job files") { db in
            var request = JobFileRecord.filter(Column("removedAt") == nil)
            if let dropID { request = request.filter(Column("dropID") == dropID) }
            return try request.order(Column("issuedAt"), Column("path")).fetchAll(db)
        }
    }

    /// Every job file issued, out or removed, oldest first.
    public func jobFiles() throws(LedgerError) -> [JobFileRecord] {
        try read("list job files") { try JobFileRecord.order(Column("issuedAt"), Column("path")).fetchAll($0) }
    }

    /// Records that a job file left the outbox, with its audit event.
    public func recordJobFileRemoved(_ path: String, because reason: String, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record job file removed") { db in
            guard var file = try JobFileRecord.fetchOne(db, key: path), file.removedAt == nil else { return }
            file.removedAt = time
            file.removedBecause = reason
            try file.update(db)
            try Self.append(event, at: time, in: db)
        }
    }
}
