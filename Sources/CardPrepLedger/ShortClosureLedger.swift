import CardPrepCore
import Foundation
import GRDB

/// An order line closed short: the customer accepted fewer cards than ordered (records rejected, not replaced),
/// on a statement a requester and an approver signed. Reconciliation then expects the approved quantity.
public struct ShortClosureRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "shortClosure"
    public static var databaseTableName: String { tableName }
    public var dropID: String
    public var orderLine: Int
    /// The quantity the order asked for.
    public var ordered: Int
    /// The quantity approved: the cards the job manifest planned for the line.
    public var approved: Int
    /// The customer's reference for accepting the shortfall (a ticket, a letter).
    public var customerReference: String
    /// The digest of the signed statement.
    public var statement: String
    /// The people who signed (`alice+frank`).
    public var actor: String
    public var closedAt: Date

    /// Creates a record.
    public init(
        dropID: String, orderLine: Int, ordered: Int, approved: Int, customerReference: String, statement: String,
        actor: String, closedAt: Date
    ) {
        self.dropID = dropID; self.orderLine = orderLine; self.ordered = ordered; self.approved = approved
        self.customerReference = customerReference; self.statement = statement; self.actor = actor; self.closedAt = closedAt
    }
}

/// Why the ledger refused a short closure.
public enum ShortClosureLedgerError: Error, Equatable, CustomStringConvertible {
    /// The drop's lines were closed short before.
    case alreadyClosed(dropID: String, at: Date)

    public var description: String {
        switch self {
        case let .alreadyClosed(dropID, at): "drop \(dropID.prefix(12)) was closed short at \(Timestamp.iso8601(at)) already"
        }
    }
}

extension Ledger {
    /// The order lines of `dropID` closed short, by line.
    public func shortClosures(dropID: String) throws(LedgerError) -> [ShortClosureRecord] {
        try read("read short closures") {
            try $0.records(ShortClosureRecord.self, #"SELECT * FROM "shortClosure" WHERE "dropID" = ? ORDER BY "orderLine""#, [.text(dropID)])
        }
    }

    /// Records a drop's short closure, line by line, with the statement it was signed on and its audit event, in one
    /// transaction; a drop is closed short once.
    /// - Throws: `LedgerError.query` wrapping `ShortClosureLedgerError.alreadyClosed` or
    ///   `SignedStatementLedgerError.alreadyUsed`.
    public func recordShortClosure(
        _ lines: [ShortClosureRecord], statement: SignedStatementRecord, event: AuditEvent, at time: Date
    ) throws(LedgerError) {
        try write("record short closure") { transaction in
            if let dropID = lines.first?.dropID,
               let earlier = try transaction.record(
                   ShortClosureRecord.self, #"SELECT * FROM "shortClosure" WHERE "dropID" = ? LIMIT 1"#, [.text(dropID)]) {
                throw ShortClosureLedgerError.alreadyClosed(dropID: dropID, at: earlier.closedAt)
            }
            try Self.record(statement, in: transaction)
            for line in lines { try transaction.insert(line) }
            try Self.append(event, at: time, in: transaction)
        }
    }
}

/// The schema of short closures.
enum ShortClosureSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "shortClosure") { t in
            t.column("dropID", .text).notNull().references("drop")
            t.column("orderLine", .integer).notNull()
            t.column("ordered", .integer).notNull()
            t.column("approved", .integer).notNull()
            t.column("customerReference", .text).notNull()
            t.column("statement", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("closedAt", .datetime).notNull()
            t.primaryKey(["dropID", "orderLine"])
        }
    }
}
