import CardPrepCore
import Foundation
import GRDB

/// A card remade: a card spoiled on the floor is personalised again from the drop's working copy, in a remake job
/// of its own. The row ties the remake job's place back to the logical card's place in its original job, so that
/// reconciliation and trace count one logical card with its physical attempts.
public struct CardRemakeRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "cardRemake"
    public static var databaseTableName: String { tableName }
    public var dropID: String
    /// The remake job (`<original job>-R<nn>`), its batch and the card's place in it.
    public var remakeJob: String
    public var remakeBatch: String
    public var remakeSequence: Int
    /// The logical card's place in its original job.
    public var job: String
    public var batch: String
    public var sequence: Int
    /// The card's record in the drop's card data.
    public var record: Int
    /// The spoiled card's serial the remake was asked for.
    public var spoiledSerial: String
    /// The digest of the signed statement, and the people who signed it (`alice+frank`).
    public var statement: String
    public var actor: String
    public var remadeAt: Date

    /// Creates a record.
    public init(
        dropID: String, remakeJob: String, remakeBatch: String, remakeSequence: Int, job: String, batch: String, sequence: Int,
        record: Int, spoiledSerial: String, statement: String, actor: String, remadeAt: Date
    ) {
        self.dropID = dropID; self.remakeJob = remakeJob; self.remakeBatch = remakeBatch; self.remakeSequence = remakeSequence
        self.job = job; self.batch = batch; self.sequence = sequence; self.record = record; self.spoiledSerial = spoiledSerial
        self.statement = statement; self.actor = actor; self.remadeAt = remadeAt
    }
}

extension Ledger {
    /// The remakes of `dropID`'s cards, in the order they were made.
    public func cardRemakes(dropID: String) throws(LedgerError) -> [CardRemakeRecord] {
        try read("read card remakes") {
            try $0.records(
                CardRemakeRecord.self,
                #"SELECT * FROM "cardRemake" WHERE "dropID" = ? ORDER BY "remadeAt", "remakeJob", "remakeSequence""#, [.text(dropID)])
        }
    }

    /// Records remakes with their job files, the statement they were signed on and their audit events, in one
    /// transaction; a remake of an archived drop also with its `archived` records (waiting for the floor's report)
    /// and the `bundle.opened` event before the remake's own.
    /// - Throws: `LedgerError.query` wrapping `SignedStatementLedgerError.alreadyUsed` for a statement used before.
    public func recordRemakes(
        _ remakes: [CardRemakeRecord], jobFiles: [JobFileRecord], statement: SignedStatementRecord, event: AuditEvent,
        archived: [ArchivedRemakeRecord] = [], opened: AuditEvent? = nil, at time: Date
    ) throws(LedgerError) {
        try write("record card remakes") { transaction in
            try Self.record(statement, in: transaction)
            for remake in remakes { try transaction.insert(remake) }
            for remake in archived { try transaction.insert(remake) }
            for file in jobFiles { try transaction.insert(file) }
            if let opened { try Self.append(opened, at: time, in: transaction) }
            try Self.append(event, at: time, in: transaction)
        }
    }
}

/// The schema of card remakes.
enum CardRemakeSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "cardRemake") { t in
            t.column("dropID", .text).notNull().indexed().references("drop")
            t.column("remakeJob", .text).notNull()
            t.column("remakeBatch", .text).notNull()
            t.column("remakeSequence", .integer).notNull()
            t.column("job", .text).notNull()
            t.column("batch", .text).notNull()
            t.column("sequence", .integer).notNull()
            t.column("record", .integer).notNull()
            t.column("spoiledSerial", .text).notNull()
            t.column("statement", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("remadeAt", .datetime).notNull()
            t.primaryKey(["remakeJob", "remakeSequence"])
        }
    }
}
