import CardPrepCore
import Foundation
import GRDB

/// The cards of every produced drop, remembered by keyed fingerprint (HMAC-SHA256 under the bureau's
/// fingerprint key), never by number, with their PAN sequence number and expiry: enough to catch a card sent again
/// and to tell a renewal or reissue from it, useless to anyone without the key.
extension Ledger {
    /// What earlier drops had of each of `fingerprints`: one answer per fingerprint, in order, from one read
    /// transaction. On a SQLite ledger two prepared statements are probed once a fingerprint each (the number's first
    /// card, then its later cards, renewals and reissues), and ascending fingerprints read the indexes in order; on any
    /// other, `fingerprintsPerStatement` fingerprints go to a query in shared SQL.
    public func earlierCards(_ fingerprints: [CardFingerprint]) throws(LedgerError) -> [EarlierCards] {
        try read("look up card fingerprints") { transaction in
            guard let db = transaction.sqliteConnection else { return try Self.earlierCards(fingerprints, in: transaction) }
            let first = try SQLiteRows("SELECT panSequence, expiry FROM cardFingerprint WHERE fingerprint = ?", in: db)
            let later = try SQLiteRows("SELECT panSequence, expiry FROM cardFingerprintLater WHERE fingerprint = ?", in: db)
            func collect(_ query: SQLiteRows, _ key: [UInt8], into held: inout EarlierCards) throws {
                try query.bind(key, at: 1)
                while try query.next() {
                    if let panSequence = query.integer(0), let expiry = query.integer(1),
                        let issue = CardIssue(panSequence: Int(panSequence), expiry: Int(expiry))
                    {
                        held.issues.append(issue)
                    } else {
                        held.includesUnknown = true
                    }
                }
            }
            var answers: [EarlierCards] = []
            answers.reserveCapacity(fingerprints.count)
            for fingerprint in fingerprints {
                let key = fingerprint.bytes
                var held = EarlierCards.none
                try collect(first, key, into: &held)
                try collect(later, key, into: &held)
                answers.append(held)
            }
            return answers
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
    ///     a card the ledger holds already is kept with its first drop. On a SQLite ledger each card is bound to
    ///     prepared statements; on any other, `fingerprintsPerStatement` cards go to an `INSERT` in shared SQL.
    public func completeValidation(
        dropID: String, cards: ((RegisteredCard) throws -> Void) throws -> Void, step: StepRecord,
        transition: DropTransition?, events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record validation of \(dropID)") { transaction in
            if let db = transaction.sqliteConnection {
                try Self.recordFingerprints(of: dropID, cards: cards, at: time, in: db)
            } else {
                try Self.recordFingerprints(of: dropID, cards: cards, at: time, in: transaction)
            }
            try transaction.save(step)
            for event in events { try Self.append(event, at: time, in: transaction) }
            if let transition { _ = try Self.apply(transition, at: time, in: transaction) }
        }
    }

    /// The SQLite path of `completeValidation`'s fingerprints: one prepared statement a table, bound and stepped for
    /// every card.
    private static func recordFingerprints(
        of dropID: String, cards: ((RegisteredCard) throws -> Void) throws -> Void, at time: Date, in db: Database
    ) throws {
        // A drop validated again keeps its set. Only a new set is inserted: an ignored insert would still draw an id
        // from the table's AUTOINCREMENT counter, and the next set would skip it, where a PostgreSQL ledger does not.
        if try Int64.fetchOne(db, sql: "SELECT id FROM cardFingerprintSet WHERE dropID = ?", arguments: [dropID]) == nil {
            try db.execute(sql: "INSERT INTO cardFingerprintSet (dropID, recordedAt) VALUES (?, ?)", arguments: [dropID, time])
        }
        guard let setID = try Int64.fetchOne(db, sql: "SELECT id FROM cardFingerprintSet WHERE dropID = ?", arguments: [dropID])
        else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "the card fingerprint set of \(dropID) is missing") }
        // The first card of a number goes to cardFingerprint; when the number is held already, a card of another
        // issue than the held one is a later card.
        let first = try SQLiteRows(
            "INSERT OR IGNORE INTO cardFingerprint (fingerprint, setID, panSequence, expiry) VALUES (?1, ?2, ?3, ?4)", in: db)
        let later = try SQLiteRows("""
            INSERT OR IGNORE INTO cardFingerprintLater (fingerprint, panSequence, expiry, setID)
            SELECT ?1, ?3, ?4, ?2 FROM cardFingerprint AS c
            WHERE c.fingerprint = ?1 AND (c.panSequence IS NOT ?3 OR c.expiry IS NOT ?4)
            """, in: db)
        try cards { card in
            let key = card.fingerprint.bytes
            func insert(_ query: SQLiteRows) throws {
                try query.bind(key, at: 1)
                try query.bind(setID, at: 2)
                try query.bind(Int64(card.issue.panSequence), at: 3)
                try query.bind(Int64(card.issue.expiry), at: 4)
                try query.run()
            }
            try insert(first)
            if first.changes == 0 { try insert(later) }
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
