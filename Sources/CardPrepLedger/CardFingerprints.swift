import CardPrepCore
import Foundation
import GRDB

/// The cards of every produced drop, remembered by keyed fingerprint (HMAC-SHA256 under the bureau's
/// fingerprint key), never by number, with their PAN sequence number and expiry: enough to catch a card sent again
/// and to tell a renewal or reissue from it, useless to anyone without the key.
extension Ledger {
    /// Fingerprints bound to one statement (SQLite allows 32,766 parameters).
    static let fingerprintsPerStatement = 256

    /// What earlier drops had of each of `fingerprints`: one answer per fingerprint, in order, from one read
    /// transaction and one statement per `fingerprintsPerStatement` fingerprints (the cards of a number and its later
    /// cards, renewals and reissues, come back together). Ascending fingerprints read the indexes in order.
    public func earlierCards(_ fingerprints: [CardFingerprint]) throws(LedgerError) -> [EarlierCards] {
        try readDatabase("look up card fingerprints") { db in
            var found: [CardFingerprint: EarlierCards] = [:]
            for start in stride(from: 0, to: fingerprints.count, by: Self.fingerprintsPerStatement) {
                let chunk = fingerprints[start..<min(start + Self.fingerprintsPerStatement, fingerprints.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let statement = try db.cachedStatement(sql: """
                    SELECT fingerprint, panSequence, expiry FROM cardFingerprint WHERE fingerprint IN (\(marks))
                    UNION ALL SELECT fingerprint, panSequence, expiry FROM cardFingerprintLater WHERE fingerprint IN (\(marks))
                    """)
                let keys = chunk.map { Data($0.bytes) }
                let rows = try Row.fetchCursor(statement, arguments: StatementArguments(keys + keys))
                while let row = try rows.next() {
                    guard let fingerprint = CardFingerprint(bytes: row[0] as Data) else { continue }
                    let panSequence: Int? = row[1]
                    let expiry: Int? = row[2]
                    if let panSequence, let expiry, let issue = CardIssue(panSequence: panSequence, expiry: expiry) {
                        found[fingerprint, default: .none].issues.append(issue)
                    } else {
                        found[fingerprint, default: .none].includesUnknown = true
                    }
                }
            }
            return fingerprints.map { found[$0] ?? .none }
        }
    }

    /// Which of `fingerprints` earlier drops had, as any card of the number: one answer per fingerprint, in order.
    public func earlierDropsHold(_ fingerprints: [CardFingerprint]) throws(LedgerError) -> [Bool] {
        try earlierCards(fingerprints).map { !$0.isEmpty }
    }

    /// Every card of the number with `fingerprint` the ledger holds, with the drop that sent it, in the order the drops
    /// were validated; the issue is nil for a card recorded before the ledger kept PAN sequence numbers and expiries.
    public func cardsOfNumber(_ fingerprint: CardFingerprint) throws(LedgerError) -> [(dropID: String, issue: CardIssue?)] {
        try read("look up the cards of a number") { transaction in
            let key = LedgerValue.blob(Array(fingerprint.bytes))
            return try transaction.rows("""
                SELECT s."dropID" AS "dropID", f."panSequence" AS "panSequence", f."expiry" AS "expiry", s."id" AS "setID"
                FROM "cardFingerprint" f JOIN "cardFingerprintSet" s ON s."id" = f."setID" WHERE f."fingerprint" = ?
                UNION ALL SELECT s."dropID", l."panSequence", l."expiry", s."id" FROM "cardFingerprintLater" l
                JOIN "cardFingerprintSet" s ON s."id" = l."setID" WHERE l."fingerprint" = ?
                ORDER BY 4
                """, [key, key]).map { row in
                let panSequence = row.integer("panSequence").flatMap { Int(exactly: $0) }
                let expiry = row.integer("expiry").flatMap { Int(exactly: $0) }
                return (try row.requiredText("dropID"),
                        panSequence.flatMap { sequence in expiry.flatMap { CardIssue(panSequence: sequence, expiry: $0) } })
            }
        }
    }

    /// How many card fingerprints the ledger holds.
    public func fingerprintCount() throws(LedgerError) -> Int {
        try read("count card fingerprints") { Int(try $0.integer(#"SELECT COUNT(*) FROM "cardFingerprint""#) ?? 0) }
    }

    /// Records a stage's completion together with the drop's accepted cards and the stage's custody events, in one
    /// transaction: either the drop counts as validated and its cards are remembered, or neither.
    /// - Parameters:
    ///   - cards: calls its argument with each card, best in ascending order of fingerprint (such as
    ///     `AcceptedFingerprints.forEach`). The first card of a number goes to `cardFingerprint`; a further card of a
    ///     number held already (a renewal or reissue, by PAN sequence number and expiry) to `cardFingerprintLater`;
    ///     a card the ledger holds already is kept with its first drop.
    public func completeValidation(
        dropID: String, cards: ((RegisteredCard) throws -> Void) throws -> Void, step: StepRecord,
        transition: DropTransition?, events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record validation of \(dropID)") { transaction in
            let db = try transaction.sqliteDatabase(for: "record card fingerprints")
            try db.execute(sql: "INSERT OR IGNORE INTO cardFingerprintSet (dropID, recordedAt) VALUES (?, ?)", arguments: [dropID, time])
            let setID = try Int64.fetchOne(db, sql: "SELECT id FROM cardFingerprintSet WHERE dropID = ?", arguments: [dropID])
            var pending: [DatabaseValue] = []
            func insertPending() throws {
                let rows = pending.count / 4
                guard rows > 0 else { return }
                let values = Array(repeating: "(?, ?, ?, ?)", count: rows).joined(separator: ",")
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO cardFingerprint (fingerprint, setID, panSequence, expiry) VALUES \(values)")
                    .execute(arguments: StatementArguments(pending))
                if db.changesCount < rows {
                    // Some numbers were held already: those of their cards that are not the held one are later cards.
                    try db.cachedStatement(sql: """
                        INSERT OR IGNORE INTO cardFingerprintLater (fingerprint, panSequence, expiry, setID)
                        SELECT v.column1, v.column3, v.column4, v.column2 FROM (VALUES \(values)) AS v
                        JOIN cardFingerprint AS c ON c.fingerprint = v.column1
                        WHERE c.panSequence IS NOT v.column3 OR c.expiry IS NOT v.column4
                        """).execute(arguments: StatementArguments(pending))
                }
                pending.removeAll(keepingCapacity: true)
            }
            try cards { card in
                pending.append(Data(card.fingerprint.bytes).databaseValue)
                pending.append(setID.databaseValue)
                pending.append(Int(card.issue.panSequence).databaseValue)
                pending.append(Int(card.issue.expiry).databaseValue)
                if pending.count == 4 * Self.fingerprintsPerStatement { try insertPending() }
            }
            try insertPending()
            try transaction.save(step)
            for event in events { try Self.append(event, at: time, in: transaction) }
            if let transition { _ = try Self.apply(transition, at: time, in: transaction) }
        }
    }

    /// Records a stage's completion for a drop, with its custody events and the transition it concludes, in one
    /// transaction.
    public func completeStep(
        _ step: StepRecord, transition: DropTransition?, events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record \(step.stage) of \(step.dropID)") { transaction in
            try transaction.save(step)
            for event in events { try Self.append(event, at: time, in: transaction) }
            if let transition { _ = try Self.apply(transition, at: time, in: transaction) }
        }
    }
}
