import CardPrepCore
import Foundation
import GRDB

/// The cards of every produced drop, remembered by keyed fingerprint (HMAC-SHA256 under the bureau's
/// fingerprint key), never by number, with their PAN sequence number and expiry: enough to catch a card sent again
/// and to tell a renewal or reissue from it, useless to anyone without the key.
extension Ledger {
    /// What earlier drops had of each of `fingerprints`: one answer per fingerprint, in order, from one read
    /// transaction. On a SQLite ledger prepared statements are probed once a fingerprint each (the number's first cards
    /// by the lookup and in the sets not merged into it, then its later cards, renewals and reissues), and ascending
    /// fingerprints read the indexes in order; on any other, `fingerprintsPerStatement` fingerprints go to a query in
    /// shared SQL.
    public func earlierCards(_ fingerprints: [CardFingerprint]) throws(LedgerError) -> [EarlierCards] {
        try read("look up card fingerprints") { transaction in
            guard let db = transaction.sqliteConnection else { return try Self.earlierCards(fingerprints, in: transaction) }
            return try SQLiteFingerprintProbe(in: db).earlierCards(fingerprints)
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
                SELECT s."dropID" AS "dropID", l."panSequence" AS "panSequence", l."expiry" AS "expiry", s."id" AS "setID"
                FROM "cardFingerprintLookup" l JOIN "cardFingerprintSet" s ON s."id" = l."setID" WHERE l."fingerprint" = ?
                UNION ALL SELECT s."dropID", f."panSequence", f."expiry", s."id" FROM "cardFingerprintPending" p
                JOIN "cardFingerprint" f ON f."setID" = p."setID" JOIN "cardFingerprintSet" s ON s."id" = p."setID"
                WHERE f."fingerprint" = ?
                UNION ALL SELECT s."dropID", l."panSequence", l."expiry", s."id" FROM "cardFingerprintLater" l
                JOIN "cardFingerprintSet" s ON s."id" = l."setID" WHERE l."fingerprint" = ?
                ORDER BY 4
                """, [key, key, key]).map { row in
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
    ///     a card the ledger holds already is kept with its first drop. A card whose `numberHeld` is false is taken
    ///     for the first of its number without looking. The drop's cards are added at the end of `cardFingerprint` and
    ///     its set is pending until `mergeFingerprints` adds them to the lookup. On a SQLite ledger each card is bound
    ///     to prepared statements; on any other, `fingerprintsPerStatement` cards go to statements in shared SQL.
    public func completeValidation(
        dropID: String, cards: ((RegisteredCard) throws -> Void) throws -> Void, step: StepRecord,
        transition: DropTransition?, events: [AuditEvent], at time: Date
    ) throws(LedgerError) {
        try write("record validation of \(dropID)") { transaction in
            let set = try Self.fingerprintSet(of: dropID, at: time, in: transaction)
            if let db = transaction.sqliteConnection {
                try Self.recordFingerprints(cards, in: set, in: db)
            } else {
                try Self.recordFingerprints(cards, in: set, in: transaction)
            }
            try Self.notePending(set, in: transaction)
            try transaction.save(step)
            for event in events { try Self.append(event, at: time, in: transaction) }
            if let transition { _ = try Self.apply(transition, at: time, in: transaction) }
        }
    }

    /// The SQLite path of `completeValidation`'s fingerprints: prepared statements, bound and stepped for every card;
    /// the first cards of a number held already looked up only for the cards whose check found it, or did not say.
    private static func recordFingerprints(
        _ cards: ((RegisteredCard) throws -> Void) throws -> Void, in set: FingerprintSet, in db: Database
    ) throws {
        let first = try SQLiteRows(
            "INSERT OR IGNORE INTO cardFingerprint (fingerprint, setID, panSequence, expiry) VALUES (?1, ?2, ?3, ?4)", in: db)
        // A card of a number the drop sent already is a later card when its issue is another.
        let laterInSet = try SQLiteRows("""
            INSERT OR IGNORE INTO cardFingerprintLater (fingerprint, panSequence, expiry, setID)
            SELECT ?1, ?3, ?4, ?2 FROM cardFingerprint AS c
            WHERE c.setID = ?2 AND c.fingerprint = ?1 AND (c.panSequence IS NOT ?3 OR c.expiry IS NOT ?4)
            """, in: db)
        let later = try SQLiteRows(
            "INSERT OR IGNORE INTO cardFingerprintLater (fingerprint, panSequence, expiry, setID) VALUES (?1, ?3, ?4, ?2)", in: db)
        let lookup = try set.merged ? SQLiteRows("""
            INSERT OR IGNORE INTO cardFingerprintLookup (fingerprint, setID, panSequence, expiry) VALUES (?1, ?2, ?3, ?4)
            """, in: db) : nil
        let probe = try SQLiteFingerprintProbe(in: db)
        try cards { card in
            let key = card.fingerprint.bytes
            func insert(_ query: SQLiteRows) throws {
                try query.bind(key, at: 1)
                try query.bind(set.id, at: 2)
                try query.bind(Int64(card.issue.panSequence), at: 3)
                try query.bind(Int64(card.issue.expiry), at: 4)
                try query.run()
            }
            if card.numberHeld != false {
                let held = try probe.firstCards(of: card.fingerprint)
                if !held.isEmpty {
                    // Of a number held already: a card of another issue than its first cards' is a later card.
                    if !held.issues.contains(card.issue) { try insert(later) }
                    return
                }
            }
            try insert(first)
            if first.changes == 0 {
                try insert(laterInSet)
            } else if let lookup {
                try insert(lookup)
            }
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
