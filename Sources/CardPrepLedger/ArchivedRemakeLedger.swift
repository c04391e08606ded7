import CardPrepCore
import Foundation
import GRDB

/// Where a remake of an archived drop's card stands. Its drop left production before the card was remade, so the
/// remake's floor report is taken on its own (`cardprep run`), not by the drop's reconciliation.
public enum ArchivedRemakeState: String, Codable, Sendable, CaseIterable {
    /// The remake job is in the stations' outbox; the floor has not reported the remade card yet.
    case awaitingFloorReport = "awaiting-floor-report"
    /// The floor reported the remade card; the spoiled attempt has no signed destruction yet (`cardprep stock destroy`).
    case awaitingDestruction = "awaiting-destruction"
    /// The remade card is reported and every spoiled attempt at the card is destroyed.
    case reconciled
    /// The floor reported the remake spoiled too: the card may be remade again.
    case spoiledAgain = "spoiled-again"

    /// Whether the remake still waits for something.
    public var isOpen: Bool { self == .awaitingFloorReport || self == .awaitingDestruction }

    /// The state in words, for `status`.
    public var words: String {
        switch self {
        case .awaitingFloorReport: "waiting for the floor's report of the remade card"
        case .awaitingDestruction: "remade card reported; the spoiled card waits for its signed destruction"
        case .reconciled: "reconciled"
        case .spoiledAgain: "the remade card was spoiled too"
        }
    }
}

/// A card of an archived drop remade from the drop's vault bundle: the remake's place (as in `cardRemake`), the bundle
/// its data came from, the order whose floor folder reports it, and where it stands.
public struct ArchivedRemakeRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "archivedRemake"
    public static var databaseTableName: String { tableName }
    public var remakeJob: String
    public var remakeSequence: Int
    public var dropID: String
    /// The vault bundle the card data was taken from.
    public var bundleID: String
    /// The order whose floor reports (`<production_inputs>/<order>/production.csv`) report the remade card.
    public var orderID: String
    /// The spoiled card's serial.
    public var spoiledSerial: String
    public var state: ArchivedRemakeState
    public var remadeAt: Date
    /// The remade card's serial and when its report was taken; nil until then.
    public var reportedSerial: String?
    public var reportedAt: Date?
    /// When it was reconciled: reported good and the spoiled attempts destroyed.
    public var reconciledAt: Date?
    /// The supplementary bundle written into the vault when it was reconciled (the floor's reports with the remade
    /// card, the drop's custody log), by its path relative to the vault, and that file's SHA-256.
    public var supplementPath: String?
    public var supplementSHA256: String?

    /// Creates a remake waiting for its floor report.
    public init(
        remakeJob: String, remakeSequence: Int, dropID: String, bundleID: String, orderID: String, spoiledSerial: String,
        remadeAt: Date
    ) {
        self.remakeJob = remakeJob; self.remakeSequence = remakeSequence; self.dropID = dropID; self.bundleID = bundleID
        self.orderID = orderID; self.spoiledSerial = spoiledSerial; self.remadeAt = remadeAt
        state = .awaitingFloorReport
    }
}

extension Ledger {
    /// The remakes of archived drops' cards, oldest first; with `open`, only those still waiting.
    public func archivedRemakes(open: Bool = false) throws(LedgerError) -> [ArchivedRemakeRecord] {
        try read("read remakes of archived drops") { transaction in
            let all = try transaction.records(
                ArchivedRemakeRecord.self,
                #"SELECT * FROM "archivedRemake" ORDER BY "remadeAt", "remakeJob", "remakeSequence""#)
            return open ? all.filter(\.state.isOpen) : all
        }
    }

    /// Records where an archived drop's remake stands, with the floor's reports that now include the remade card (a
    /// new set, so trace finds both attempts) and its audit event, in one transaction.
    public func recordArchivedRemake(
        _ remake: ArchivedRemakeRecord, floorReports: FloorReports?, event: AuditEvent, at time: Date
    ) throws(LedgerError) {
        try write("record a remake of an archived drop") { transaction in
            if let floorReports {
                _ = try Self.keepFloorReports(floorReports, dropID: remake.dropID, at: time, in: transaction)
            }
            try transaction.update(remake)
            try Self.append(event, at: time, in: transaction)
        }
    }
}

/// The schema of remakes of archived drops (v26).
enum ArchivedRemakeSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "archivedRemake") { t in
            t.column("remakeJob", .text).notNull()
            t.column("remakeSequence", .integer).notNull()
            t.column("dropID", .text).notNull().indexed().references("drop")
            t.column("bundleID", .text).notNull()
            t.column("orderID", .text).notNull()
            t.column("spoiledSerial", .text).notNull()
            t.column("state", .text).notNull()
            t.column("remadeAt", .datetime).notNull()
            t.column("reportedSerial", .text)
            t.column("reportedAt", .datetime)
            t.column("reconciledAt", .datetime)
            t.column("supplementPath", .text)
            t.column("supplementSHA256", .text)
            t.primaryKey(["remakeJob", "remakeSequence"])
        }
    }
}
