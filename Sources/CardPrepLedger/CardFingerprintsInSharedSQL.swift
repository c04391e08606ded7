import CardPrepCore
import Foundation

/// How card fingerprints are looked up and recorded on a ledger other than SQLite's own store: in the SQL SQLite and
/// PostgreSQL share, `fingerprintsPerStatement` fingerprints to a statement, with the answers and rows the SQLite path
/// gives (see `earlierCards` and `completeValidation`).
extension Ledger {
    /// Fingerprints bound to one statement in shared SQL (four values each at most).
    static let fingerprintsPerStatement = 500

    /// What earlier drops had of each of `fingerprints`, one answer per fingerprint in order: the number's first cards
    /// (by the lookup and in the pending sets), then its later cards by PAN sequence number and expiry, as the SQLite
    /// path reads them.
    static func earlierCards(_ fingerprints: [CardFingerprint], in transaction: any LedgerTransaction) throws -> [EarlierCards] {
        var held: [[UInt8]: EarlierCards] = [:]
        let distinct = Array(Set(fingerprints.map(\.bytes))).sorted { $0.lexicographicallyPrecedes($1) }
        var start = 0
        while start < distinct.count {
            let chunk = distinct[start..<min(start + fingerprintsPerStatement, distinct.count)]
            start += chunk.count
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let keys = chunk.map { LedgerValue.blob($0) }
            try transaction.forEachRow(
                """
                SELECT "fingerprint", "panSequence", "expiry", 0 AS "later" FROM "cardFingerprintLookup" WHERE "fingerprint" IN (\(marks))
                UNION ALL
                SELECT f."fingerprint", f."panSequence", f."expiry", 0 FROM "cardFingerprintPending" p
                JOIN "cardFingerprint" f ON f."setID" = p."setID" WHERE f."fingerprint" IN (\(marks))
                UNION ALL
                SELECT "fingerprint", "panSequence", "expiry", 1 FROM "cardFingerprintLater" WHERE "fingerprint" IN (\(marks))
                ORDER BY 4, 2, 3
                """, keys + keys + keys
            ) { row in
                guard case let .blob(key) = row["fingerprint"] else {
                    throw LedgerColumnMismatch(column: "fingerprint", expected: "32 bytes", found: row["fingerprint"])
                }
                var cards = held[key] ?? .none
                if let panSequence = row.integer("panSequence"), let expiry = row.integer("expiry"),
                    let issue = CardIssue(panSequence: Int(panSequence), expiry: Int(expiry))
                {
                    cards.issues.append(issue)
                } else {
                    cards.includesUnknown = true
                }
                held[key] = cards
            }
        }
        return fingerprints.map { held[$0.bytes] ?? .none }
    }

    /// Records the cards `cards` calls its argument with in `set`, in the caller's transaction: the first card of a
    /// number to `cardFingerprint` (and to the lookup when the set is merged already); when the number is held already,
    /// a card of another issue than its first cards' to `cardFingerprintLater`; a card the ledger holds already stays
    /// with its first drop.
    static func recordFingerprints(
        _ cards: ((RegisteredCard) throws -> Void) throws -> Void, in set: FingerprintSet, in transaction: any LedgerTransaction
    ) throws {
        let differs = transaction.dialect == .postgres ? "IS DISTINCT FROM" : "IS NOT"
        // The first cards of each number: in the lookup, and in the sets not merged into it.
        let held = """
            (SELECT l."fingerprint", l."panSequence", l."expiry" FROM "cardFingerprintLookup" l
            UNION ALL SELECT f."fingerprint", f."panSequence", f."expiry" FROM "cardFingerprintPending" p
            JOIN "cardFingerprint" f ON f."setID" = p."setID")
            """
        var pending: [RegisteredCard] = []
        pending.reserveCapacity(fingerprintsPerStatement)
        func flush() throws {
            guard !pending.isEmpty else { return }
            let rows = Array(repeating: "(?, ?, ?, ?)", count: pending.count).joined(separator: ", ")
            var values: [LedgerValue] = []
            values.reserveCapacity(4 * pending.count)
            for (index, card) in pending.enumerated() {
                values += [.int(index), .blob(card.fingerprint.bytes), .int(Int(card.issue.panSequence)), .int(Int(card.issue.expiry))]
            }
            let batch = #"WITH "card" ("n", "fingerprint", "panSequence", "expiry") AS (VALUES \#(rows))"#
            // Of a number held already, a card of another issue than its first cards' is a later card.
            try transaction.execute(
                """
                \(batch) INSERT INTO "cardFingerprintLater" ("fingerprint", "panSequence", "expiry", "setID")
                SELECT k."fingerprint", k."panSequence", k."expiry", ? FROM "card" k
                WHERE EXISTS (SELECT 1 FROM \(held) h WHERE h."fingerprint" = k."fingerprint")
                AND NOT EXISTS (SELECT 1 FROM \(held) h WHERE h."fingerprint" = k."fingerprint"
                    AND h."panSequence" = k."panSequence" AND h."expiry" = k."expiry")
                ORDER BY k."n" ON CONFLICT DO NOTHING
                """, values + [.integer(set.id)])
            // The others are first cards; a further card of a number in this batch meets the first's key and is left
            // for the statement after.
            try transaction.execute(
                """
                \(batch) INSERT INTO "cardFingerprint" ("fingerprint", "setID", "panSequence", "expiry")
                SELECT k."fingerprint", ?, k."panSequence", k."expiry" FROM "card" k
                WHERE NOT EXISTS (SELECT 1 FROM \(held) h WHERE h."fingerprint" = k."fingerprint")
                ORDER BY k."n" ON CONFLICT DO NOTHING
                """, values + [.integer(set.id)])
            // A further card of a number this drop sent, of another issue, is a later card.
            try transaction.execute(
                """
                \(batch) INSERT INTO "cardFingerprintLater" ("fingerprint", "panSequence", "expiry", "setID")
                SELECT k."fingerprint", k."panSequence", k."expiry", c."setID" FROM "card" k
                JOIN "cardFingerprint" c ON c."setID" = ? AND c."fingerprint" = k."fingerprint"
                WHERE c."panSequence" \(differs) k."panSequence" OR c."expiry" \(differs) k."expiry"
                ORDER BY k."n" ON CONFLICT DO NOTHING
                """, values + [.integer(set.id)])
            if set.merged {
                let keys = pending.map { LedgerValue.blob($0.fingerprint.bytes) }
                try transaction.execute(
                    """
                    INSERT INTO "cardFingerprintLookup" ("fingerprint", "setID", "panSequence", "expiry")
                    SELECT "fingerprint", "setID", "panSequence", "expiry" FROM "cardFingerprint"
                    WHERE "setID" = ? AND "fingerprint" IN (\(Array(repeating: "?", count: keys.count).joined(separator: ", ")))
                    ON CONFLICT DO NOTHING
                    """, [.integer(set.id)] + keys)
            }
            pending.removeAll(keepingCapacity: true)
        }
        try cards { card in
            pending.append(card)
            if pending.count == fingerprintsPerStatement { try flush() }
        }
        try flush()
    }
}
