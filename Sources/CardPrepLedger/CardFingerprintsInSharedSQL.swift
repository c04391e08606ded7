import CardPrepCore
import Foundation

/// How card fingerprints are looked up and recorded on a ledger other than SQLite's own store: in the SQL SQLite and
/// PostgreSQL share, `fingerprintsPerStatement` fingerprints to a statement, with the answers and rows the SQLite path
/// gives (see `earlierCards` and `completeValidation`).
extension Ledger {
    /// Fingerprints bound to one statement in shared SQL (four values each at most).
    static let fingerprintsPerStatement = 500

    /// What earlier drops had of each of `fingerprints`, one answer per fingerprint in order: the number's first card,
    /// then its later cards by PAN sequence number and expiry, as the SQLite path reads them.
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
                SELECT "fingerprint", "panSequence", "expiry", 0 AS "later" FROM "cardFingerprint" WHERE "fingerprint" IN (\(marks))
                UNION ALL
                SELECT "fingerprint", "panSequence", "expiry", 1 FROM "cardFingerprintLater" WHERE "fingerprint" IN (\(marks))
                ORDER BY 4, 2, 3
                """, keys + keys
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

    /// Records the cards `cards` calls its argument with as the fingerprints of `dropID`, in the caller's transaction:
    /// the first card of a number to `cardFingerprint`; when the number is held already, a card of another issue than
    /// the held one to `cardFingerprintLater`; a card the ledger holds already stays with its first drop.
    static func recordFingerprints(
        of dropID: String, cards: ((RegisteredCard) throws -> Void) throws -> Void, at time: Date,
        in transaction: any LedgerTransaction
    ) throws {
        // A drop validated again keeps its set; only a new set draws an id, so that the sets' ids (the table's mark)
        // go on as on SQLite: an insert that met the conflict would have drawn one from the sequence all the same.
        let held = try transaction.integer(#"SELECT "id" FROM "cardFingerprintSet" WHERE "dropID" = ?"#, [.text(dropID)])
        guard
            let setID = try held
                ?? transaction.integer(
                    #"INSERT INTO "cardFingerprintSet" ("dropID", "recordedAt") VALUES (?, ?) RETURNING "id""#,
                    [.text(dropID), .date(time)])
        else { throw LedgerColumnMismatch(column: "id", expected: "the card fingerprint set of \(dropID)", found: .null) }
        let differs = transaction.dialect == .postgres ? "IS DISTINCT FROM" : "IS NOT"
        var pending: [RegisteredCard] = []
        pending.reserveCapacity(fingerprintsPerStatement)
        func flush() throws {
            guard !pending.isEmpty else { return }
            let rows = Array(repeating: "(?, ?, ?, ?)", count: pending.count).joined(separator: ", ")
            var first: [LedgerValue] = []
            var later: [LedgerValue] = []
            first.reserveCapacity(4 * pending.count)
            later.reserveCapacity(4 * pending.count + 1)
            for (index, card) in pending.enumerated() {
                let key = LedgerValue.blob(card.fingerprint.bytes)
                let panSequence = LedgerValue.int(Int(card.issue.panSequence))
                let expiry = LedgerValue.int(Int(card.issue.expiry))
                first += [key, .integer(setID), panSequence, expiry]
                later += [.int(index), key, panSequence, expiry]
            }
            try transaction.execute(
                #"INSERT INTO "cardFingerprint" ("fingerprint", "setID", "panSequence", "expiry") VALUES \#(rows) ON CONFLICT DO NOTHING"#,
                first)
            // Every card is compared with the card its number holds: itself when it was the first, so only a further
            // card of another issue than the held one is a later card.
            try transaction.execute(
                """
                WITH "card" ("n", "fingerprint", "panSequence", "expiry") AS (VALUES \(rows))
                INSERT INTO "cardFingerprintLater" ("fingerprint", "panSequence", "expiry", "setID")
                SELECT k."fingerprint", k."panSequence", k."expiry", ? FROM "card" k
                JOIN "cardFingerprint" c ON c."fingerprint" = k."fingerprint"
                WHERE c."panSequence" \(differs) k."panSequence" OR c."expiry" \(differs) k."expiry"
                ORDER BY k."n"
                ON CONFLICT DO NOTHING
                """, later + [.integer(setID)])
            pending.removeAll(keepingCapacity: true)
        }
        try cards { card in
            pending.append(card)
            if pending.count == fingerprintsPerStatement { try flush() }
        }
        try flush()
    }
}
