import CardPrepCore
import Foundation
import GRDB

/// A personalisation job file delivered to a station's outbox: full card data, encrypted to the station. It stays
/// on record after it leaves the outbox, with when and why it was removed.
public struct JobFileRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "jobFile"
    public static var databaseTableName: String { tableName }
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
        try write("record transform of \(step.dropID)") { transaction in
            try transaction.save(step)
            for file in jobFiles { try transaction.save(file) }
            _ = try Self.insertTraces(traces, at: time, in: transaction)
            for event in events { try Self.append(event, at: time, in: transaction) }
            _ = try Self.apply(transition, at: time, in: transaction)
        }
    }

    /// Job files still in the stations' outbox, oldest first; optionally only a drop's.
    public func jobFilesOut(dropID: String? = nil) throws(LedgerError) -> [JobFileRecord] {
        let filter = dropID == nil ? "" : #" AND "dropID" = ?"#
        return try read("list job files") {
            try $0.records(
                JobFileRecord.self, #"SELECT * FROM "jobFile" WHERE "removedAt" IS NULL"# + filter + #" ORDER BY "issuedAt", "path""#,
                dropID.map { [.text($0)] } ?? [])
        }
    }

    /// Every job file issued, out or removed, oldest first.
    public func jobFiles() throws(LedgerError) -> [JobFileRecord] {
        try read("list job files") { try $0.records(JobFileRecord.self, #"SELECT * FROM "jobFile" ORDER BY "issuedAt", "path""#) }
    }

    /// Records that a job file left the outbox, with its audit event.
    public func recordJobFileRemoved(_ path: String, because reason: String, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record job file removed") { transaction in
            guard var file = try transaction.record(JobFileRecord.self, #"SELECT * FROM "jobFile" WHERE "path" = ?"#, [.text(path)]),
                  file.removedAt == nil
            else { return }
            file.removedAt = time
            file.removedBecause = reason
            try transaction.update(file)
            try Self.append(event, at: time, in: transaction)
        }
    }
}
