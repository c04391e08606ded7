import CardPrepCore
import Foundation

/// A lookup that does not hold what its table says it should: rows of merged drops missing from it, or rows the table
/// does not hold. Lookups are derived (see `mergeFingerprints`, `mergeTrace`) and audit checkpoints do not digest
/// them, so they are checked against their tables instead.
public struct LookupDisagreement: Sendable, Equatable {
    /// The lookup, e.g. `cardFingerprintLookup`.
    public var lookup: String
    /// The audited table it is derived from.
    public var table: String
    /// Rows of merged drops the lookup lacks.
    public var missing: Int
    /// Rows of the lookup the table does not hold as they are.
    public var extra: Int
}

extension Ledger {
    /// The lookups of card fingerprints and card trace, each with the audited table it is derived from: the rows the
    /// table holds for drops not pending, against the lookup's rows that match one of them exactly.
    private static func lookupChecks(_ dialect: LedgerDialect) -> [(
        lookup: String, table: String, pending: String, match: String
    )] {
        let same = dialect == .postgres ? "IS NOT DISTINCT FROM" : "IS"
        return [
            (
                "cardFingerprintLookup", "cardFingerprint", "cardFingerprintPending",
                #"JOIN "cardFingerprint" t ON t."setID" = l."setID" AND t."fingerprint" = l."fingerprint" "#
                    + #"AND t."panSequence" \#(same) l."panSequence" AND t."expiry" \#(same) l."expiry""#
            ),
            (
                "cardTraceFingerprintLookup", "cardTrace", "cardTracePending",
                #"JOIN "cardTrace" t ON t."rowid" = l."traceRow" AND t."setID" = l."setID" AND t."fingerprint" = l."fingerprint""#
            ),
            (
                "cardTraceMaskedLookup", "cardTrace", "cardTracePending",
                #"JOIN "cardTrace" t ON t."rowid" = l."traceRow" AND t."setID" = l."setID" AND t."masked" = l."masked" "#
                    + #"AND t."initials" = l."initials""#
            ),
        ]
    }

    /// Each lookup that disagrees with its table, read in one transaction; empty when all agree. Reads every row of
    /// the lookups and of their tables.
    public func lookupDisagreements() throws(LedgerError) -> [LookupDisagreement] {
        try read("check the ledger's lookups") { transaction in
            try Self.lookupChecks(transaction.dialect).compactMap { check in
                let expected =
                    try transaction.integer(
                        #"SELECT COUNT(*) FROM "\#(check.table)" WHERE "setID" NOT IN (SELECT "setID" FROM "\#(check.pending)")"#)
                    ?? 0
                let held = try transaction.integer(#"SELECT COUNT(*) FROM "\#(check.lookup)""#) ?? 0
                let matched =
                    try transaction.integer(
                        #"SELECT COUNT(*) FROM "\#(check.lookup)" l \#(check.match) "#
                            + #"WHERE l."setID" NOT IN (SELECT "setID" FROM "\#(check.pending)")"#) ?? 0
                guard matched != expected || matched != held else { return nil }
                return LookupDisagreement(
                    lookup: check.lookup, table: check.table, missing: Int(expected - matched), extra: Int(held - matched))
            }
        }
    }

    /// Builds the lookups of card fingerprints and card trace again from their tables: every drop is listed as pending
    /// and merged, each table in one transaction.
    /// - Returns: what each merged (card fingerprints, then card trace).
    public func rebuildLookups() throws(LedgerError) -> (fingerprints: PendingSets, trace: PendingSets) {
        let fingerprints = try write("build the card fingerprints' lookup again") { transaction in
            try transaction.execute(#"DELETE FROM "cardFingerprintLookup""#, [])
            try transaction.execute(#"DELETE FROM "cardFingerprintPending""#, [])
            try transaction.execute(
                #"INSERT INTO "cardFingerprintPending" ("setID", "cards") SELECT "setID", COUNT(*) FROM "cardFingerprint" GROUP BY "setID""#,
                [])
            return try Self.mergeFingerprints(in: transaction)
        }
        let trace = try write("build the card trace's lookups again") { transaction in
            try transaction.execute(#"DELETE FROM "cardTraceFingerprintLookup""#, [])
            try transaction.execute(#"DELETE FROM "cardTraceMaskedLookup""#, [])
            try transaction.execute(#"DELETE FROM "cardTracePending""#, [])
            try transaction.execute(
                #"INSERT INTO "cardTracePending" ("setID", "rows") SELECT "setID", COUNT(*) FROM "cardTrace" GROUP BY "setID""#,
                [])
            return try Self.mergeTrace(in: transaction)
        }
        return (fingerprints, trace)
    }
}
