import CardPrepLedger
import Foundation

/// Moves a SQLite ledger into an empty PostgreSQL ledger and verifies the copy, all in one PostgreSQL transaction: a
/// copy that does not verify, or fails half-way, leaves the target as empty as it was, and the command can run again.
///
/// Every table is read in key order (streamed, a batch of rows at a time, so memory does not grow with the ledger)
/// and written with the same values; the tables' `rowid` columns take SQLite's rowids, so the rows keep the order the
/// table digests mark them by. The identity sequences are then set past the copied keys, and before commit: the row
/// counts of every table, the audit chain, and the digests of every audited table are compared on both databases,
/// and `checks` runs on the copy (e.g. the pipeline's signed checkpoints). The source is only read.
public struct SQLiteToPostgresMigration {
    /// The SQLite ledger, up to date.
    public let source: SQLiteLedgerStore
    /// The PostgreSQL ledger, its schema prepared and no rows in it.
    public let target: PostgresLedgerStore

    /// The tables of the SQLite file that are not the ledger's own: SQLite's and the migrator's bookkeeping.
    static let sqliteBookkeeping: Set<String> = ["grdb_migrations", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"]
    /// The tables that hold the state of running workers, not records: their claims and leases (`dropClaim`), which
    /// no worker holds while its ledger is moved, are not copied; the fencing tokens' counter (`dropClaimToken`) is
    /// carried over, so tokens keep growing.
    static let workerState: Set<String> = ["dropClaim", "dropClaimToken"]
    /// The most parameters one insert binds.
    static let parametersPerStatement = 30_000

    /// Creates the migration; `prepare` checks the target.
    public init(source: SQLiteLedgerStore, target: PostgresLedgerStore) {
        self.source = source
        self.target = target
    }

    /// Prepares the target's schema and checks it holds no rows.
    /// - Throws: `LedgerMigrationError.targetNotEmpty`; `PostgresLedgerError` when the database holds other tables or
    ///   cannot be reached.
    public func prepareTarget() throws {
        try target.prepareLedgerSchema()
        let server = target.configuration.server
        try target.read { transaction in
            var held: [String: Int] = [:]
            for table in try Self.postgresTables(transaction) {
                // The claims' token counter starts with its one row.
                let base = table == "dropClaimToken" ? 1 : 0
                let rows = Int(try Self.count(table, transaction))
                if rows > base { held[table] = rows }
            }
            guard held.isEmpty else { throw LedgerMigrationError.targetNotEmpty(server: server, tables: held) }
        }
    }

    /// Copies every table and verifies the copy, committing only a copy that verifies.
    /// - Parameters:
    ///   - checks: further checks of the copy, before commit; each string returned is a fault.
    ///   - progress: called after each table with its name and the rows copied.
    /// - Returns: what was copied and what the verification found; `committed` is false when it found faults.
    /// - Throws: `LedgerMigrationError.schemasDiffer`, `PostgresLedgerError` or `LedgerError`; nothing is committed.
    public func run(
        checks: (Ledger) throws -> [String] = { _ in [] }, progress: (String, Int) -> Void = { _, _ in }
    ) throws -> LedgerMigrationReport {
        do {
            return try source.read { from in
                try target.write { to in
                    var report = try copy(from, to, progress: progress)
                    try verify(from, to, into: &report)
                    report.faults += try checks(Ledger(store: OpenTransactionStore(to, location: target.location)))
                    guard report.faults.isEmpty else { throw Unverified(report: report) }
                    report.committed = true
                    return report
                }
            }
        } catch let unverified as Unverified {
            return unverified.report
        }
    }

    /// A copy whose verification found faults, thrown to roll the transaction back.
    private struct Unverified: Error { var report: LedgerMigrationReport }

    private func copy(_ from: any LedgerTransaction, _ to: any LedgerTransaction, progress: (String, Int) -> Void) throws
        -> LedgerMigrationReport
    {
        let server = target.configuration.server
        let sourceTables = try Self.sqliteTables(from)
        let targetTables = try Self.postgresTables(to).subtracting(PostgresLedgerSchema.tablesNotYetInSQLite)
        guard sourceTables == targetTables else {
            let onlySource = sourceTables.subtracting(targetTables).sorted()
            let onlyTarget = targetTables.subtracting(sourceTables).sorted()
            var reasons: [String] = []
            if !onlySource.isEmpty { reasons.append("only SQLite has \(onlySource.joined(separator: ", "))") }
            if !onlyTarget.isEmpty { reasons.append("only PostgreSQL has \(onlyTarget.joined(separator: ", "))") }
            throw LedgerMigrationError.schemasDiffer(
                server: server, reason: reasons.joined(separator: "; ") + " (is the SQLite ledger from another CardPrep version?)"
            )
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        if let live = try from.row(
            #"SELECT "holderHost", "holderPID", "dropID", "stage" FROM "dropClaim" WHERE "leaseUntil" > ? LIMIT 1"#, [.integer(now)]),
            case let .text(host) = live["holderHost"], case let .integer(pid) = live["holderPID"],
            case let .text(dropID) = live["dropID"], case let .text(stage) = live["stage"]
        {
            throw LedgerMigrationError.workerRunning(holder: "\(host) (pid \(pid))", dropID: dropID, stage: stage)
        }
        var report = LedgerMigrationReport()
        for table in try Self.copyOrder(targetTables.subtracting(Self.workerState), to) {
            let rows = try copy(table, from, to)
            report.tables.append(.init(name: table, rows: rows, copied: rows))
            progress(table, rows)
        }
        try setIdentitiesPastCopiedKeys(from, to)
        try carryClaimTokens(from, to)
        return report
    }

    /// Copies one table in its key order, a batch of rows per statement; returns the rows copied.
    private func copy(_ table: String, _ from: any LedgerTransaction, _ to: any LedgerTransaction) throws -> Int {
        let sourceColumns = try from.columns(of: table)
        let targetColumns = try to.columns(of: table)
        let ordered = targetColumns.contains(ledgerRowOrderColumn) && !sourceColumns.contains(ledgerRowOrderColumn)
        // A table SQLite keeps WITHOUT ROWID (card fingerprints) is marked by a column of its own; PostgreSQL numbers
        // its rows as they come, in key order.
        let keepsOrder = try ordered && Self.hasRowid(table, from)
        guard Set(sourceColumns) == Set(targetColumns.filter { !ordered || $0 != ledgerRowOrderColumn }) else {
            throw LedgerMigrationError.schemasDiffer(
                server: target.configuration.server,
                reason: "table \(table) has columns \(sourceColumns.joined(separator: ", ")) on SQLite and "
                    + "\(targetColumns.joined(separator: ", ")) on PostgreSQL")
        }
        let key = try from.primaryKey(of: table)
        let order = key.isEmpty || key == ["rowid"] ? "rowid" : key.map(sqlName).joined(separator: ", ")  // a key, or the rowid
        let selected = sourceColumns.map(sqlName) + (keepsOrder ? ["rowid"] : [])
        let names = sourceColumns + (keepsOrder ? [ledgerRowOrderColumn] : [])
        let perStatement = max(1, min(1_000, Self.parametersPerStatement / names.count))
        let insert = "INSERT INTO \(sqlName(table)) (\(names.map(sqlName).joined(separator: ", "))) VALUES "
        let marks = "(" + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
        var batch: [LedgerValue] = []
        var inBatch = 0
        var copied = 0
        func flush() throws {
            guard inBatch > 0 else { return }
            try to.execute(insert + Array(repeating: marks, count: inBatch).joined(separator: ", "), batch)
            copied += inBatch
            batch.removeAll(keepingCapacity: true)
            inBatch = 0
        }
        try from.forEachRow("SELECT \(selected.joined(separator: ", ")) FROM \(sqlName(table)) ORDER BY \(order)", []) { row in
            batch += row.values
            inBatch += 1
            if inBatch == perStatement { try flush() }
        }
        try flush()
        return copied
    }

    /// Sets every identity sequence of the target past the largest key copied (and past what SQLite's own counter of
    /// that table handed out), so the next row either database would add gets the same number.
    /// Sets the target's fencing-token counter to the source's, so a claim taken after the move gets a larger token
    /// than any taken before it.
    private func carryClaimTokens(_ from: any LedgerTransaction, _ to: any LedgerTransaction) throws {
        guard case let .integer(last)? = try from.row(#"SELECT "last" FROM "dropClaimToken" WHERE "id" = 1"#, [])?[0] else {
            return
        }
        try to.execute(#"UPDATE "dropClaimToken" SET "last" = ? WHERE "id" = 1 AND "last" < ?"#, [.integer(last), .integer(last)])
    }

    private func setIdentitiesPastCopiedKeys(_ from: any LedgerTransaction, _ to: any LedgerTransaction) throws {
        var handedOut: [String: Int64] = [:]
        if try !from.columns(of: "sqlite_sequence").isEmpty {
            for row in try from.rows("SELECT name, seq FROM sqlite_sequence", []) {
                if case let .text(name) = row[0], case let .integer(seq) = row[1] { handedOut[name] = seq }
            }
        }
        let identities = try to.rows(
            """
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name, column_name
            """, [])
        for identity in identities {
            guard case let .text(table) = identity[0], case let .text(column) = identity[1] else { continue }
            var next = try to.row("SELECT MAX(\(sqlName(column))) FROM \(sqlName(table))", [])?[0].integerValue ?? 0
            if column != ledgerRowOrderColumn { next = max(next, handedOut[table] ?? 0) }
            guard next > 0 else { continue }
            _ = try to.row(
                "SELECT setval(pg_get_serial_sequence(?, ?), ?)", [.text(sqlName(table)), .text(column), .integer(next)])
        }
    }

    // MARK: Verification

    /// Compares the row counts, the audit chain and the digests of every audited table, in the open transactions.
    private func verify(_ from: any LedgerTransaction, _ to: any LedgerTransaction, into report: inout LedgerMigrationReport)
        throws
    {
        for index in report.tables.indices {
            let table = report.tables[index]
            let source = Int(try Self.count(table.name, from))
            let copied = Int(try Self.count(table.name, to))
            report.tables[index].rows = source
            report.tables[index].copied = copied
            if source != copied {
                report.faults.append("table \(table.name): \(source) row(s) on SQLite, \(copied) on PostgreSQL")
            }
        }
        let sourceLedger = Ledger(store: OpenTransactionStore(from, location: source.location))
        let targetLedger = Ledger(store: OpenTransactionStore(to, location: target.location))
        let chain = try targetLedger.verifyAuditChain()
        report.faults += chain.map { "audit chain on PostgreSQL: \($0)" }
        report.auditChainVerified = chain.isEmpty
        let before = try sourceLedger.auditSnapshot()
        let after = try targetLedger.auditSnapshot()
        report.auditEntries = Int(try Self.count("audit", to))
        report.lastSeq = after.last?.seq
        if before.last?.seq != after.last?.seq || before.last?.hash != after.last?.hash {
            report.faults.append(
                "audit: the last entry is \(before.last.map { "\($0.seq)" } ?? "none") on SQLite, "
                    + "\(after.last.map { "\($0.seq)" } ?? "none") on PostgreSQL")
        }
        let copiedDigests = Dictionary(after.tables.map { ($0.table, $0) }, uniquingKeysWith: { first, _ in first })
        for digest in before.tables {
            let same = copiedDigests[digest.table] == digest
            if let index = report.tables.firstIndex(where: { $0.name == digest.table }) {
                report.tables[index].digestVerified = same
            }
            if !same { report.faults.append("table \(digest.table): its digest on PostgreSQL differs from the one on SQLite") }
        }
    }

    // MARK: Catalog

    /// The ledger's tables in the SQLite file.
    static func sqliteTables(_ transaction: any LedgerTransaction) throws -> Set<String> {
        let rows = try transaction.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", [])
        return Set(rows.compactMap { if case let .text(name) = $0[0] { name } else { nil } }).subtracting(sqliteBookkeeping)
    }

    /// The ledger's tables in the PostgreSQL database, without its version table.
    static func postgresTables(_ transaction: any LedgerTransaction) throws -> Set<String> {
        let rows = try transaction.rows("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()", [])
        return Set(rows.compactMap { if case let .text(name) = $0[0] { name } else { nil } })
            .subtracting([PostgresLedgerSchema.versionTable])
    }

    /// `tables` in an order that copies every table after the tables its foreign keys name, by name otherwise.
    static func copyOrder(_ tables: Set<String>, _ transaction: any LedgerTransaction) throws -> [String] {
        let references = try transaction.rows(
            """
            SELECT c.relname::text, p.relname::text FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE k.contype = 'f' AND n.nspname = current_schema()
            """, [])
        var needs: [String: Set<String>] = [:]
        for reference in references {
            guard case let .text(child) = reference[0], case let .text(parent) = reference[1], child != parent else { continue }
            needs[child, default: []].insert(parent)
        }
        var ordered: [String] = []
        var done = Set<String>()
        var left = tables.sorted()
        while !left.isEmpty {
            let ready = left.filter { needs[$0, default: []].subtracting(done).intersection(tables).isEmpty }
            let next = ready.isEmpty ? left : ready  // a cycle (none today) is copied as it comes
            ordered += next
            done.formUnion(next)
            left.removeAll { done.contains($0) }
        }
        return ordered
    }

    /// Whether the SQLite table has a rowid (it is not a `WITHOUT ROWID` table).
    static func hasRowid(_ table: String, _ transaction: any LedgerTransaction) throws -> Bool {
        guard
            case let .text(sql)? = try transaction.row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])?[0]
        else { return true }
        return sql.range(of: "WITHOUT\\s+ROWID\\s*$", options: [.regularExpression, .caseInsensitive]) == nil
    }

    static func count(_ table: String, _ transaction: any LedgerTransaction) throws -> Int64 {
        try transaction.row("SELECT COUNT(*) FROM \(sqlName(table))", [])?[0].integerValue ?? 0
    }
}

/// The column a PostgreSQL ledger keeps a table's insertion order in (see `TableDigester`).
let ledgerRowOrderColumn = "rowid"

/// `name` double-quoted as an SQL identifier.
func sqlName(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension LedgerValue {
    /// The integer this value holds, if it is one.
    var integerValue: Int64? {
        if case let .integer(value) = self { return value }
        return nil
    }
}

/// A store over one transaction that is already open, so that the ledger's own reads (its audit chain, its table
/// digests) run inside the migration's transaction, before it commits.
final class OpenTransactionStore: LedgerStore, @unchecked Sendable {
    let transaction: any LedgerTransaction
    let location: String
    var dialect: LedgerDialect { transaction.dialect }

    init(_ transaction: any LedgerTransaction, location: String) {
        self.transaction = transaction
        self.location = location
    }

    func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T { try body(transaction) }
    func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T { try body(transaction) }
}
