import CardPrepCore
import Foundation
import GRDB

/// What a replacement drop sends toward an earlier drop's order line: the customer's later order `replaces` the
/// earlier one, and its accepted records count toward the same line once the replacement drop is reconciled.
public struct OrderReplacementRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "orderReplacement"
    public static var databaseTableName: String { tableName }
    /// The drop that sends the records again.
    public var replacementDropID: String
    /// Its order (the one with `replaces`).
    public var replacementOrderID: String
    /// The drop whose order lines the records complete.
    public var originalDropID: String
    /// The earlier order, as `replaces` names it.
    public var originalOrderID: String
    /// The earlier order's line the records count toward.
    public var orderLine: Int
    /// The replacement drop's accepted records for the line.
    public var cards: Int
    public var recordedAt: Date

    /// Creates a record.
    public init(
        replacementDropID: String, replacementOrderID: String, originalDropID: String, originalOrderID: String, orderLine: Int,
        cards: Int, recordedAt: Date
    ) {
        self.replacementDropID = replacementDropID; self.replacementOrderID = replacementOrderID
        self.originalDropID = originalDropID; self.originalOrderID = originalOrderID
        self.orderLine = orderLine; self.cards = cards; self.recordedAt = recordedAt
    }
}

/// A replacement's contribution together with where its drop stands.
public struct OrderReplacement: Sendable, Equatable {
    public var record: OrderReplacementRecord
    /// The replacement drop's state now.
    public var replacementState: DropState

    /// Whether the replacement drop's cards are made and reconciled, so that they count toward the earlier line.
    public var made: Bool { Self.madeStates.contains(replacementState) }

    /// Whether the replacement can still make its cards: it is neither rejected nor withdrawn.
    public var alive: Bool { replacementState != .rejected && replacementState != .withdrawn }

    /// The states of a drop whose production is reconciled.
    public static let madeStates: Set<DropState> = [.reconciled, .inspected, .archived]
}

extension Ledger {
    /// The replacements sent toward the lines of `originalDropID`, with each replacement drop's state, by line.
    public func replacements(of originalDropID: String) throws(LedgerError) -> [OrderReplacement] {
        try read("read order replacements") { transaction in
            let records = try transaction.records(
                OrderReplacementRecord.self,
                #"SELECT * FROM "orderReplacement" WHERE "originalDropID" = ? ORDER BY "orderLine", "recordedAt""#, [.text(originalDropID)])
            return try records.map { record in
                let state = try DropRecord.find(record.replacementDropID, in: transaction)?.state ?? .received
                return OrderReplacement(record: record, replacementState: state)
            }
        }
    }

    /// What `replacementDropID` sends toward an earlier order, by line.
    public func replacementLines(sentBy replacementDropID: String) throws(LedgerError) -> [OrderReplacementRecord] {
        try read("read order replacements") {
            try $0.records(
                OrderReplacementRecord.self, #"SELECT * FROM "orderReplacement" WHERE "replacementDropID" = ? ORDER BY "orderLine""#,
                [.text(replacementDropID)])
        }
    }

    /// Records what a replacement drop sends, line by line, with an `order.replacement` event in the history of both
    /// drops, in one transaction. A line recorded before for the same drop is kept as it was (a re-run of validation).
    public func recordReplacement(_ lines: [OrderReplacementRecord], events: [AuditEvent], at time: Date) throws(LedgerError) {
        try write("record order replacement") { transaction in
            var added = false
            for line in lines where try transaction.integer(
                #"SELECT COUNT(*) FROM "orderReplacement" WHERE "replacementDropID" = ? AND "orderLine" = ?"#,
                [.text(line.replacementDropID), .int(line.orderLine)]) == 0 {
                try transaction.insert(line)
                added = true
            }
            guard added else { return }
            for event in events { try Self.append(event, at: time, in: transaction) }
        }
    }
}

/// The schema of order replacements.
enum OrderReplacementSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "orderReplacement") { t in
            t.column("replacementDropID", .text).notNull().references("drop")
            t.column("replacementOrderID", .text).notNull()
            t.column("originalDropID", .text).notNull().indexed().references("drop")
            t.column("originalOrderID", .text).notNull()
            t.column("orderLine", .integer).notNull()
            t.column("cards", .integer).notNull()
            t.column("recordedAt", .datetime).notNull()
            t.primaryKey(["replacementDropID", "orderLine"])
        }
    }
}
