import CardPrepCore
import Foundation

/// How the card trace reaches its lookups by card number and by masked number (see `CardTraceLookupSchema`): a
/// transformed drop's rows are appended to `cardTrace` and its set is pending; lookups read pending sets in the table
/// itself, and the sets are merged into the lookups a batch of drops at a time, in key order, as card fingerprints are
/// (`mergeFingerprints`).
extension Ledger {
    /// The trace sets not merged into the lookups yet, and their rows.
    public func pendingTrace() throws(LedgerError) -> PendingSets {
        try read("count the card trace not merged") { try Self.pending("cardTracePending", count: "rows", in: $0) }
    }

    /// Merges every pending trace set into the lookups by card number and by masked number, in one transaction, in
    /// key order.
    /// - Returns: what was merged.
    @discardableResult
    public func mergeTrace() throws(LedgerError) -> PendingSets {
        try write("merge the card trace into its lookups") { try Self.mergeTrace(in: $0) }
    }

    /// `mergeTrace` in the caller's transaction.
    static func mergeTrace(in transaction: any LedgerTransaction) throws -> PendingSets {
        let rows = #"FROM "cardTracePending" p JOIN "cardTrace" t ON t."setID" = p."setID" WHERE p."setID" <= ?"#
        return try Self.merge(
            pending: "cardTracePending", count: "rows",
            into: [
                (
                    #""cardTraceFingerprintLookup" ("fingerprint", "setID", "traceRow")"#,
                    #"SELECT t."fingerprint", t."setID", t."rowid" \#(rows) ORDER BY 1, 2, 3"#
                ),
                (
                    #""cardTraceMaskedLookup" ("masked", "initials", "setID", "traceRow")"#,
                    #"SELECT t."masked", t."initials", t."setID", t."rowid" \#(rows) ORDER BY 1, 2, 3, 4"#
                ),
            ], in: transaction)
    }

    /// Merges the pending trace sets when they reach `lookupMergeThreshold` in sets or rows.
    /// - Returns: what was merged; nil when nothing was due.
    public func mergeTraceIfDue() throws(LedgerError) -> PendingSets? {
        Self.isDue(try pendingTrace()) ? try mergeTrace() : nil
    }

    /// Lists the trace sets `ids` as pending, each with its number of rows (a set without rows is left out).
    static func noteTracePending(_ ids: [Int64], in transaction: any LedgerTransaction) throws {
        for id in ids {
            try transaction.execute(
                """
                INSERT INTO "cardTracePending" ("setID", "rows")
                SELECT ?, COUNT(*) FROM "cardTrace" WHERE "setID" = ? HAVING COUNT(*) > 0
                """, [.integer(id), .integer(id)])
        }
    }
}
