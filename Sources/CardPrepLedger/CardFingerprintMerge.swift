import CardPrepCore
import Foundation

/// A drop's set of card fingerprints, as `completeValidation` writes to it.
struct FingerprintSet {
    /// `cardFingerprintSet.id`.
    var id: Int64
    /// Whether the set's cards are in the lookup by fingerprint already (a drop validated again after its set was
    /// merged): its new cards then go to the lookup as they are recorded.
    var merged: Bool
}

/// The sets of card fingerprints not yet in the lookup by fingerprint, and how many cards they hold.
public struct PendingFingerprints: Sendable, Equatable {
    public var sets: Int
    public var cards: Int

    /// Creates a count.
    public init(sets: Int, cards: Int) { self.sets = sets; self.cards = cards }
}

/// How card fingerprints reach the lookup by fingerprint (`cardFingerprintLookup`).
///
/// A drop's cards are written at the end of `cardFingerprint`, which is kept in order of set: a million cards fill
/// some 25,000 pages one after another, whatever the ledger holds. Adding the same cards to one index by fingerprint
/// would touch a page for nearly every card once the index is larger than the drop (50 million fingerprints are 2
/// GB). So validation leaves its set pending, lookups read the pending sets in the table itself, and the sets are
/// merged into the lookup a batch at a time, in order of fingerprint: each page of the lookup is then written once a
/// batch instead of once a drop. The table remains the record; the lookup is derived from it and can be built again.
extension Ledger {
    /// When `mergeFingerprintsIfDue` merges: once this many cards are pending, or this many sets.
    public static let fingerprintMergeThreshold = PendingFingerprints(sets: 64, cards: 4_194_304)

    /// The sets not merged into the lookup yet, and their cards.
    public func pendingFingerprints() throws(LedgerError) -> PendingFingerprints {
        try read("count the card fingerprints not merged") { try Self.pending(in: $0) }
    }

    /// Merges every pending set into the lookup by fingerprint, in one transaction, in order of fingerprint.
    /// - Returns: what was merged.
    @discardableResult
    public func mergeFingerprints() throws(LedgerError) -> PendingFingerprints {
        try write("merge card fingerprints into the lookup") { transaction in
            let pending = try Self.pending(in: transaction)
            guard pending.sets > 0 else { return pending }
            let insert = transaction.dialect == .postgres ? "INSERT" : "INSERT OR IGNORE"
            let conflict = transaction.dialect == .postgres ? #" ON CONFLICT DO NOTHING"# : ""
            try transaction.execute(
                """
                \(insert) INTO "cardFingerprintLookup" ("fingerprint", "setID", "panSequence", "expiry")
                SELECT f."fingerprint", f."setID", f."panSequence", f."expiry" FROM "cardFingerprintPending" p
                JOIN "cardFingerprint" f ON f."setID" = p."setID" ORDER BY f."fingerprint", f."setID"\(conflict)
                """, [])
            try transaction.execute(#"DELETE FROM "cardFingerprintPending""#, [])
            return pending
        }
    }

    /// Merges the pending sets when they reach `fingerprintMergeThreshold` in sets or cards.
    /// - Returns: what was merged; nil when nothing was due.
    public func mergeFingerprintsIfDue() throws(LedgerError) -> PendingFingerprints? {
        let pending = try pendingFingerprints()
        let threshold = Self.fingerprintMergeThreshold
        guard pending.sets >= threshold.sets || pending.cards >= threshold.cards else { return nil }
        return try mergeFingerprints()
    }

    static func pending(in transaction: any LedgerTransaction) throws -> PendingFingerprints {
        let row = try transaction.row(
            #"SELECT COUNT(*) AS "sets", CAST(COALESCE(SUM("cards"), 0) AS bigint) AS "cards" FROM "cardFingerprintPending""#, [])
        return PendingFingerprints(sets: Int(row?.integer("sets") ?? 0), cards: Int(row?.integer("cards") ?? 0))
    }

    /// The set of `dropID`, created when it has none. A drop validated again keeps its set. Only a new set is
    /// inserted: an ignored insert would still draw an id from SQLite's AUTOINCREMENT counter, and the next set would
    /// skip it, where a PostgreSQL ledger does not.
    static func fingerprintSet(of dropID: String, at time: Date, in transaction: any LedgerTransaction) throws -> FingerprintSet {
        if let id = try transaction.integer(#"SELECT "id" FROM "cardFingerprintSet" WHERE "dropID" = ?"#, [.text(dropID)]) {
            let pending = try transaction.integer(
                #"SELECT "setID" FROM "cardFingerprintPending" WHERE "setID" = ?"#, [.integer(id)])
            return FingerprintSet(id: id, merged: pending == nil)
        }
        guard
            let id = try transaction.integer(
                #"INSERT INTO "cardFingerprintSet" ("dropID", "recordedAt") VALUES (?, ?) RETURNING "id""#,
                [.text(dropID), .date(time)])
        else { throw LedgerColumnMismatch(column: "id", expected: "the card fingerprint set of \(dropID)", found: .null) }
        return FingerprintSet(id: id, merged: false)
    }

    /// Lists a set that is not merged, and holds cards, as pending, with its number of cards.
    static func notePending(_ set: FingerprintSet, in transaction: any LedgerTransaction) throws {
        guard !set.merged else { return }
        try transaction.execute(
            """
            INSERT INTO "cardFingerprintPending" ("setID", "cards")
            SELECT ?, COUNT(*) FROM "cardFingerprint" WHERE "setID" = ? HAVING COUNT(*) > 0
            ON CONFLICT ("setID") DO UPDATE SET "cards" = excluded."cards"
            """, [.integer(set.id), .integer(set.id)])
    }
}
