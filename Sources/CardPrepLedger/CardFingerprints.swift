import CardPrepCore
import Foundation
import GRDB

/// The cards of every produced drop, remembered by keyed fingerprint (HMAC-SHA256 under the bureau's
/// fingerprint key), never by number: enough to catch a card sent again, useless to anyone without the key.
extension Ledger {
    /// Fingerprints bound to one statement (SQLite allows 32,766 parameters).
    static let fingerprintsPerStatement = 256

    /// Which of `fingerprints` earlier drops had: one answer per fingerprint, in order, from one read
    /// transaction. Ascending fingerprints read the index in order.
    public func earlierDropsHold(_ fingerprints: [CardFingerprint]) throws(LedgerError) -> [Bool] {
        try read("look up card fingerprints") { db in
            var held: Set<CardFingerprint> = []
            for start in stride(from: 0, to: fingerprints.count, by: Self.fingerprintsPerStatement) {
                let chunk = fingerprints[start..<min(start + Self.fingerprintsPerStatement, fingerprints.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let statement = try db.cachedStatement(sql: "SELECT fingerprint FROM cardFingerprint WHERE fingerprint IN (\(marks))")
                let found = try Data.fetchCursor(statement, arguments: StatementArguments(chunk.map { Data($0.bytes) }))
                while let bytes = try found.next() { if let fingerprint = CardFingerprint(bytes: bytes) { held.insert(fingerprint) } }
            }
            return fingerprints.map(held.contains)
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
        dropID: String, fingerprints: ((CardFingerprint) throws -> Void) throws -> Void, step: StepRecord,
        transition: DropTransition?, events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record validation of \(dropID)") { db in
            try db.execute(sql: "INSERT OR IGNORE INTO cardFingerprintSet (dropID, recordedAt) VALUES (?, ?)", arguments: [dropID, time])
            let setID = try Int64.fetchOne(db, sql: "SELECT id FROM cardFingerprintSet WHERE dropID = ?", arguments: [dropID])
            var pending: [DatabaseValue] = []
            func insertPending() throws {
                let rows = pending.count / 2
                guard rows > 0 else { return }
                let values = Array(repeating: "(?, ?)", count: rows).joined(separator: ",")
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO cardFingerprint (fingerprint, setID) VALUES \(values)")
                    .execute(arguments: StatementArguments(pending))
                pending.removeAll(keepingCapacity: true)
            }
            try fingerprints { fingerprint in
                pending.append(Data(fingerprint.bytes).databaseValue)
                pending.append(setID.databaseValue)
                if pending.count == 2 * Self.fingerprintsPerStatement { try insertPending() }
            }
            try insertPending()
            try step.save(db)
            for event in events { try Self.append(event, at: time, in: db) }
            if let transition { _ = try Self.apply(transition, at: time, in: db) }
        }
    }

    /// Records a stage's completion for a drop, with its custody events and the transition it concludes, in one
    /// transaction.
    public func completeStep(
        _ step: StepRecord, transition: DropTransition?, events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record \(step.stage) of \(step.dropID)") { db in
            try step.save(db)
            for event in events { try Self.append(event, at: time, in: db) }
            if let transition { _ = try Self.apply(transition, at: time, in: db) }
        }
    }
}
