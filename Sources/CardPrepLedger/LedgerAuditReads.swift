import CardPrepCore
import Foundation

/// A drop whose state is not the one its last recorded transition went to.
public struct DropStateDisagreement: Sendable, Equatable {
    public var dropID: String
    /// The state the drop row holds.
    public var state: String
    /// The state its last transition went to; nil when it has no transition.
    public var lastTransitionTo: String?
    /// That transition's number.
    public var lastTransitionSeq: Int64?
}

/// What the audit log recorded of a bundle when it was written (`bundle.written`).
public struct BundleWrittenRecord: Sendable, Equatable {
    /// The audit entry.
    public var seq: Int64
    /// The encrypted file's SHA-256 as recorded.
    public var sha256: String?
    /// The number of MANIFEST entries as recorded.
    public var entries: Int?
}

/// What audit verification and vault verification read from the ledger; nothing here writes.
extension Ledger {
    /// The last audit entry and the digests of every covered table (`AuditedTables.all`), in one read transaction,
    /// so that a checkpoint signs a consistent picture.
    /// - Parameter previous: the digests the checkpoint before signed; a table without mutable columns is digested as
    ///   a link that continues its digest there, over the rows added since (see `TableDigester`), and from its first
    ///   row when there is none to continue.
    public func auditSnapshot(continuing previous: [TableDigest] = []) throws(LedgerError) -> AuditSnapshot {
        try read("digest the ledger") { transaction in
            let last = try AuditEntry.last(in: transaction)
            let earlier = Dictionary(previous.map { ($0.table, $0) }, uniquingKeysWith: { first, _ in first })
            var tables: [TableDigest] = []
            for table in AuditedTables.all where try transaction.tableExists(table.name) {
                if table.mutableColumns.isEmpty {
                    tables.append(try TableDigester.chained(table, after: earlier[table.name], in: transaction))
                } else {
                    tables.append(try TableDigester.digest(table, in: transaction))
                }
            }
            return AuditSnapshot(last: last, tables: tables)
        }
    }

    /// Counts again, in one read transaction, the rows each recorded digest covered (up to its mark, with its columns;
    /// for a chain's link, those above its `from`, counted on from its `fromRows` and digested on from its `base`).
    /// - Returns: the last audit entry now, and one recount per recorded table; a table that cannot be read as it was
    ///   covered (gone, a column gone) is returned with the reason rather than thrown.
    public func recount(_ recorded: [TableDigest]) throws(LedgerError) -> (last: AuditEntry?, tables: [TableRecount]) {
        try read("digest the ledger") { transaction in
            let last = try AuditEntry.last(in: transaction)
            var results: [TableRecount] = []
            for digest in recorded {
                var now = digest
                do {
                    guard try transaction.tableExists(digest.table) else {
                        throw LedgerError.notFound(what: "table \(digest.table)")
                    }
                    try TableDigester.recount(&now, in: transaction)
                    results.append(TableRecount(recorded: digest, now: now, unreadable: nil))
                } catch {
                    results.append(TableRecount(recorded: digest, now: nil, unreadable: "\(error)"))
                }
            }
            return (last, results)
        }
    }

    /// The drops whose state is not the one their last transition went to: a state edited outside the lifecycle.
    public func dropStateDisagreements() throws(LedgerError) -> [DropStateDisagreement] {
        try read("compare drop states with their transitions") { transaction in
            let rows = try transaction.rows(
                """
                    SELECT d."id" AS "id", d."state" AS "state", t."toState" AS "toState", t."seq" AS "seq"
                    FROM "drop" d LEFT JOIN "dropTransition" t
                      ON t."seq" = (SELECT MAX("seq") FROM "dropTransition" WHERE "dropID" = d."id")
                    WHERE t."toState" IS NULL OR t."toState" != d."state"
                    ORDER BY d."id"
                    """, [])
            return rows.map {
                DropStateDisagreement(
                    dropID: $0.text("id") ?? "", state: $0.text("state") ?? "", lastTransitionTo: $0.text("toState"),
                    lastTransitionSeq: $0.integer("seq"))
            }
        }
    }

    /// The `bundle.written` audit entry of a bundle, if the log has one (the last, should there be several).
    public func bundleWritten(bundleID: String, dropID: String) throws(LedgerError) -> BundleWrittenRecord? {
        let entries = try auditEntries(dropID: dropID).filter { $0.event == "bundle.written" && $0.detail("bundle") == bundleID }
        guard let entry = entries.last else { return nil }
        return BundleWrittenRecord(
            seq: entry.seq, sha256: entry.detail("sha256"), entries: entry.detail("entries").flatMap { Int($0) })
    }
}

extension AuditEntry {
    /// The value of one of the event's details (`key=value` lines), if present.
    public func detail(_ key: String) -> String? {
        for line in details.split(separator: "\n") where line.hasPrefix(key + "=") {
            return String(line.dropFirst(key.count + 1))
        }
        return nil
    }
}
