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

/// The sets (drops) of a table whose rows are not yet in its lookups, and how many rows they hold.
public struct PendingSets: Sendable, Equatable {
    public var sets: Int
    public var rows: Int

    /// Creates a count.
    public init(sets: Int, rows: Int) { self.sets = sets; self.rows = rows }
}

/// How card fingerprints reach the lookup by fingerprint (`cardFingerprintLookup`).
///
/// A drop's cards are written at the end of `cardFingerprint`, which is kept in order of set: a million cards fill
/// some 25,000 pages one after another, whatever the ledger holds. Adding the same cards to one index by fingerprint
/// would touch a page for nearly every card once the index is larger than the drop (50 million fingerprints are 2
/// GB). So validation leaves its set pending, lookups read the pending sets in the table itself, and the sets are
/// merged into the lookup a batch at a time, in order of fingerprint: each page of the lookup is then written once a
/// batch instead of once a drop. The table remains the record; the lookup is derived from it and can be built again.
/// The card trace's lookups work the same way (`mergeTrace`).
extension Ledger {
    /// When the `…IfDue` merges merge: once this many rows are pending, or this many sets.
    public static let lookupMergeThreshold = PendingSets(sets: 64, rows: 4_194_304)

    /// The sets of card fingerprints not merged into the lookup yet, and their cards.
    public func pendingFingerprints() throws(LedgerError) -> PendingSets {
        try read("count the card fingerprints not merged") { try Self.pending("cardFingerprintPending", count: "cards", in: $0) }
    }

    /// Merges every pending set of card fingerprints into the lookup by fingerprint, in one transaction, in order of
    /// fingerprint.
    /// - Returns: what was merged.
    @discardableResult
    public func mergeFingerprints() throws(LedgerError) -> PendingSets {
        try write("merge card fingerprints into the lookup") { try Self.mergeFingerprints(in: $0) }
    }

    /// `mergeFingerprints` in the caller's transaction.
    static func mergeFingerprints(in transaction: any LedgerTransaction) throws -> PendingSets {
        try Self.merge(
            pending: "cardFingerprintPending", count: "cards",
            into: [
                (
                    #""cardFingerprintLookup" ("fingerprint", "setID", "panSequence", "expiry")"#,
                    """
                    SELECT f."fingerprint", f."setID", f."panSequence", f."expiry" FROM "cardFingerprintPending" p
                    JOIN "cardFingerprint" f ON f."setID" = p."setID" WHERE p."setID" <= ? ORDER BY f."fingerprint", f."setID"
                    """
                )
            ], in: transaction)
    }

    /// Merges the pending sets of card fingerprints when they reach `lookupMergeThreshold` in sets or cards.
    /// - Returns: what was merged; nil when nothing was due.
    public func mergeFingerprintsIfDue() throws(LedgerError) -> PendingSets? {
        Self.isDue(try pendingFingerprints()) ? try mergeFingerprints() : nil
    }

    static func isDue(_ pending: PendingSets) -> Bool {
        pending.sets >= lookupMergeThreshold.sets || pending.rows >= lookupMergeThreshold.rows
    }

    static func pending(_ table: String, count column: String, in transaction: any LedgerTransaction) throws -> PendingSets {
        let row = try transaction.row(
            #"SELECT COUNT(*) AS "sets", CAST(COALESCE(SUM("\#(column)"), 0) AS bigint) AS "rows" FROM "\#(table)""#, [])
        return PendingSets(sets: Int(row?.integer("sets") ?? 0), rows: Int(row?.integer("rows") ?? 0))
    }

    /// Inserts the rows each `select` picks (binding the last pending set) into its lookup, ignoring rows it holds
    /// already, and lists those sets as merged, in the caller's transaction.
    /// - Returns: what was pending and is merged now.
    static func merge(
        pending table: String, count column: String, into lookups: [(target: String, select: String)],
        in transaction: any LedgerTransaction
    ) throws -> PendingSets {
        let pending = try Self.pending(table, count: column, in: transaction)
        guard pending.sets > 0, let last = try transaction.integer(#"SELECT MAX("setID") FROM "\#(table)""#) else {
            return pending
        }
        let insert = transaction.dialect == .postgres ? "INSERT" : "INSERT OR IGNORE"
        let conflict = transaction.dialect == .postgres ? " ON CONFLICT DO NOTHING" : ""
        // The sets counted above, and no set listed after them, are merged and no longer pending.
        for lookup in lookups {
            try transaction.execute("\(insert) INTO \(lookup.target) \(lookup.select)\(conflict)", [.integer(last)])
        }
        try transaction.execute(#"DELETE FROM "\#(table)" WHERE "setID" <= ?"#, [.integer(last)])
        return pending
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
