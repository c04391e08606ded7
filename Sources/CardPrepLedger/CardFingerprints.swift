import Foundation
import GRDB

/// The cards of every produced drop, remembered by keyed fingerprint (HMAC-SHA256 under the bureau's
/// fingerprint key), never by number: enough to catch a card sent again, useless to anyone without the key.
extension Ledger {
    /// Whether a card with this fingerprint was accepted in an earlier drop.
    public func containsFingerprint(_ fingerprint: String) throws(LedgerError) -> Bool {
        try read("look up a card fingerprint") { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM cardFingerprint WHERE fingerprint = ?", arguments: [fingerprint]) ?? false
        }
    }

    /// How many card fingerprints the ledger holds.
    public func fingerprintCount() throws(LedgerError) -> Int {
        try read("count card fingerprints") { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM cardFingerprint") ?? 0 }
    }

    /// Records a stage's completion together with the fingerprints of the drop's accepted cards and the stage's
    /// custody events, in one transaction: either the drop counts as validated and its cards are remembered, or neither.
    public func completeValidation(
        dropID: String, fingerprints: some Sequence<String>, step: StepRecord, state: DropState?, events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record validation of \(dropID)") { db in
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO cardFingerprint (fingerprint, dropID, recordedAt) VALUES (?, ?, ?)")
            for fingerprint in fingerprints { try statement.execute(arguments: [fingerprint, dropID, time]) }
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
