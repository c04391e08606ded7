import CardPrepCore
import Foundation
import GRDB

/// The disposition of a lot that was not accepted, on a statement a requester (a QA inspector) and an approver signed.
public struct LotDispositionRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "lotDisposition"
    public static var databaseTableName: String { tableName }
    public var lotID: String
    public var dropID: String
    public var disposition: LotDisposition
    /// The customer's reference, for a concession.
    public var customerReference: String?
    /// Why, in the words of the statement.
    public var reason: String
    /// The digest of the signed statement.
    public var statement: String
    /// The people who signed (`carol+frank`).
    public var actor: String
    public var disposedAt: Date

    /// Creates a record.
    public init(
        lotID: String, dropID: String, disposition: LotDisposition, customerReference: String?, reason: String, statement: String,
        actor: String, disposedAt: Date
    ) {
        self.lotID = lotID; self.dropID = dropID; self.disposition = disposition; self.customerReference = customerReference
        self.reason = reason; self.statement = statement; self.actor = actor; self.disposedAt = disposedAt
    }
}

/// Why the ledger refused a disposition.
public enum LotDispositionLedgerError: Error, Equatable, CustomStringConvertible {
    /// The lot has a disposition already.
    case alreadyDisposed(lotID: String, disposition: LotDisposition, at: Date)

    public var description: String {
        switch self {
        case let .alreadyDisposed(lot, disposition, at):
            "lot \(lot) was disposed of already (\(disposition.rawValue), \(Timestamp.iso8601(at)))"
        }
    }
}

extension Ledger {
    /// The disposition of a lot, if one was recorded.
    public func disposition(lotID: String) throws(LedgerError) -> LotDispositionRecord? {
        try read("read lot disposition") { try LotDispositionRecord.find(lotID, in: $0) }
    }

    /// Records a lot's disposition with its signed statement and audit event, in one transaction; and, when `release`
    /// is given, the drop's release from the QA hold in the same transaction.
    /// - Throws: `LedgerError.query` wrapping `LotDispositionLedgerError.alreadyDisposed` or
    ///   `SignedStatementLedgerError.alreadyUsed`; a refused transition.
    public func recordDisposition(
        _ record: LotDispositionRecord, statement: SignedStatementRecord, event: AuditEvent, release: DropTransition?, at time: Date
    ) throws(LedgerError) {
        try write("record disposition of lot \(record.lotID)") { transaction in
            if let earlier = try LotDispositionRecord.find(record.lotID, in: transaction) {
                throw LotDispositionLedgerError.alreadyDisposed(lotID: record.lotID, disposition: earlier.disposition, at: earlier.disposedAt)
            }
            try Self.record(statement, in: transaction)
            try transaction.insert(record)
            try Self.append(event, at: time, in: transaction)
            if let release { _ = try Self.apply(release, at: time, in: transaction) }
        }
    }
}

extension LotDispositionRecord {
    /// The disposition of a lot in a transaction, if any.
    static func find(_ lotID: String, in transaction: any LedgerTransaction) throws -> LotDispositionRecord? {
        try transaction.record(LotDispositionRecord.self, #"SELECT * FROM "lotDisposition" WHERE "lotID" = ?"#, [.text(lotID)])
    }
}

/// The schema of lot dispositions.
enum LotDispositionSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "lotDisposition") { t in
            t.primaryKey("lotID", .text).references("inspectionLot")
            t.column("dropID", .text).notNull().references("drop")
            t.column("disposition", .text).notNull()
            t.column("customerReference", .text)
            t.column("reason", .text).notNull()
            t.column("statement", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("disposedAt", .datetime).notNull()
        }
    }
}
