import CardPrepCore
import Foundation
import GRDB

/// The cards of every produced drop, remembered by keyed fingerprint (HMAC-SHA256 under the bureau's
/// fingerprint key), never by number: enough to catch a card sent again, useless to anyone without the key.
extension Ledger {
    /// Which of `fingerprints` earlier drops had: one answer per fingerprint, in order, from one read
    /// transaction. Ascending fingerprints read the index in order.
    public func earlierDropsHold(_ fingerprints: [CardFingerprint]) throws(LedgerError) -> [Bool] {
        try read("look up card fingerprints") { db in
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM cardFingerprint WHERE fingerprint = ?")
            return try fingerprints.map { try Bool.fetchOne(statement, arguments: [Data($0.bytes)]) ?? false }
        }
    }

    /// How many card fingerprints the ledger holds.
    public func fingerprintCount() throws(LedgerError) -> Int {
        try read("count card fingerprints") { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM cardFingerprint") ?? 0 }
    }

    /// Records a stage's completion together with the fingerprints of the drop's accepted cards and the stage's
    /// custody events, in one transaction: either the drop counts as validated and its cards are remembered, or neither.
    /// - Parameters:
    ///   - fingerprints: calls its argument with each fingerprint, best in ascending order (such as
    ///     `AcceptedFingerprints.forEach`); a fingerprint the ledger holds already is kept with its first drop.
    public func completeValidation(
        dropID: String, fingerprints: ((CardFingerprint) throws -> Void) throws -> Void, step: StepRecord, state: DropState?,
        events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record validation of \(dropID)") { db in
            try db.execute(sql: "INSERT OR IGNORE INTO cardFingerprintSet (dropID, recordedAt) VALUES (?, ?)", arguments: [dropID, time])
            let setID = try Int64.fetchOne(db, sql: "SELECT id FROM cardFingerprintSet WHERE dropID = ?", arguments: [dropID])
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO cardFingerprint (fingerprint, setID) VALUES (?, ?)")
            try fingerprints { fingerprint in try statement.execute(arguments: [Data(fingerprint.bytes), setID]) }
            try step.insert(db)
            if let state { try db.execute(sql: "UPDATE \"drop\" SET state = ? WHERE id = ?", arguments: [state.rawValue, dropID]) }
            for event in events { try Self.append(event, at: time, in: db) }
        }
    }

    /// Records a stage's completion for a drop, with its custody events, and optionally a new state.
    public func completeStep(_ step: StepRecord, state: DropState? = nil, events: [AuditEvent], at time: Date) throws(LedgerError) {
        try write("record \(step.stage) of \(step.dropID)") { db in
            try step.insert(db)
            if let state { try db.execute(sql: "UPDATE \"drop\" SET state = ? WHERE id = ?", arguments: [state.rawValue, step.dropID]) }
            for event in events { try Self.append(event, at: time, in: db) }
        }
    }
}
