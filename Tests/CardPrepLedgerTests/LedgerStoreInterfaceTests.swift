import CardPrepCore
import Foundation
import GRDB
import Testing

@testable import CardPrepLedger

/// A store that serves a SQLite ledger through transactions of its own type, keeping every statement: the ledger's
/// operations must work through `LedgerTransaction` alone, in SQL both databases understand.
///
/// Presented as PostgreSQL (`presentsAs: .postgres`), it shows the tables as a PostgreSQL store keeps them: a table
/// without an integer key generated in sequence has a `rowid` column that orders its rows (see `ledgerRowOrder`),
/// SQLite's own rowid under that name.
final class StatementKeepingStore: LedgerStore, @unchecked Sendable {
    let inner: SQLiteLedgerStore
    let dialect: LedgerDialect
    private let lock = NSLock()
    private var kept: [String] = []

    init(_ inner: SQLiteLedgerStore, presentsAs dialect: LedgerDialect = .sqlite) {
        self.inner = inner
        self.dialect = dialect
    }

    var location: String { inner.location }
    var statements: [String] { lock.withLock { kept } }

    func keep(_ sql: String) { lock.withLock { kept.append(sql) } }

    func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try inner.read { try body(Transaction(inner: $0, store: self, dialect: dialect)) }
    }

    func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try inner.write { try body(Transaction(inner: $0, store: self, dialect: dialect)) }
    }

    struct Transaction: LedgerTransaction {
        let inner: any LedgerTransaction
        let store: StatementKeepingStore
        let dialect: LedgerDialect

        func execute(_ sql: String, _ arguments: [LedgerValue]) throws {
            store.keep(sql)
            try inner.execute(sql, arguments)
        }

        func rows(_ sql: String, _ arguments: [LedgerValue]) throws -> [LedgerRow] {
            store.keep(sql)
            return try inner.rows(sql, arguments)
        }

        func forEachRow(_ sql: String, _ arguments: [LedgerValue], _ body: (LedgerRow) throws -> Void) throws {
            store.keep(sql)
            try inner.forEachRow(sql, arguments, body)
        }

        func columns(of table: String) throws -> [String] {
            let columns = try inner.columns(of: table)
            guard dialect == .postgres, let db = inner.sqliteConnection else { return columns }
            return try db.primaryKey(table).rowIDColumn == nil ? columns + [ledgerRowOrder] : columns
        }

        func primaryKey(of table: String) throws -> [String] { try inner.primaryKey(of: table) }
    }
}

@Suite struct LedgerStoreInterfaceTests {
    let path: String
    let store: StatementKeepingStore
    let ledger: Ledger
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("ledger.sqlite").path
        store = StatementKeepingStore(try SQLiteLedgerStore(path: path))
        ledger = Ledger(store: store)
    }

    func event(_ name: String, _ dropID: String? = "d1") -> AuditEvent {
        AuditEvent(event: name, dropID: dropID, actor: "ops", host: "h1")
    }

    func statement(_ digest: String, _ action: String) -> SignedStatementRecord {
        SignedStatementRecord(
            digest: digest, action: action, subject: "d1", nonce: "n-\(digest)", requestedAt: t0, acceptedAt: t0,
            signers: "alice",
            keys: "SHA256:x", text: "statement", signatures: "sig")
    }

    /// Drives operations of every group of the ledger through the store.
    func work() throws {
        let drop = DropRecord(
            id: "d1", customer: "cust-01", name: "drop-1", state: .received, registeredAt: t0, originalsPath: "/r/d1",
            workPath: "/w/d1", sourcePath: "/in/d1", dataKeyRecipient: "age1x", cardFileCount: 1, cardBytes: 10)
        try ledger.registerIngestedDrop(
            drop,
            delivery: DeliveryRecord(
                dropID: "d1", customer: "cust-01", name: "drop-1", kind: .first, receivedAt: t0, keptAt: "/r/d1"),
            step: StepRecord(dropID: "d1", stage: "ingest", completedAt: t0, summary: "1 file"), events: [event("drop.received")],
            actor: "system", host: "h1", at: t0)
        try ledger.transition(
            DropTransition(
                dropID: "d1", action: .fail, actor: "system", host: "h1", reason: "broken",
                failure: DropFailureDetail(stage: "validate", error: "bad", fix: "fix it")),
            at: t0.addingTimeInterval(1))
        try ledger.transition(
            DropTransition(dropID: "d1", action: .retry, actor: "alice", host: "h1", reason: "fixed"),
            statement: statement("s1", "retry"),
            at: t0.addingTimeInterval(2))
        try ledger.appendAudit(event("note"), statement: statement("s2", "note"), at: t0.addingTimeInterval(3))

        try ledger.recordBundle(
            VaultBundleRecord(
                id: "b1", dropID: "d1", path: "K1/U1/P1/2026-01-10_10_b1.tar.zst.age", contract: "K1", unit: "U1", product: "P1",
                date: "2026-01-10", quantity: 10, sha256: String(repeating: "a", count: 64), created: t0, retainUntil: t0),
            event: event("bundle.written"), at: t0)
        let sha = String(repeating: "a", count: 64)
        _ = try ledger.checkOut(
            CustodyLoanRecord(
                bundleID: "b1", borrower: "alice", reason: "dispute", approvedBy: "bob", outAt: t0, sha256AtCheckout: sha),
            event: event("bundle.checkout"), at: t0)
        _ = try ledger.checkIn(
            bundleID: "b1", sha256: sha, returnedBy: "alice", receivedBy: "bob", event: event("bundle.checkin"), at: t0)

        let hq = StockAccountKey(location: "HQ", product: "DEBIT", stockClass: .blank)
        _ = try ledger.recordStockMovement(
            StockMovement(time: t0, account: hq, kind: .received, quantity: 500, reference: "REF"), actor: "ops", host: "h1",
            at: t0)
        _ = try ledger.recordStockMovement(
            StockMovement(time: t0, account: hq, kind: .issued, quantity: 20, reference: "REF"), actor: "ops", host: "h1", at: t0)

        let lot = Lot(
            id: "L1", basis: .batch, dropID: "d1", customer: "cust-01", product: "P1", orderID: "PO", contract: "K1",
            orderedQuantity: 3, serials: ["S1", "S2", "S3"])
        try ledger.recordLot(
            lot,
            plan: try LotPlan(
                lotSize: 3, terms: DefaultAcceptance.terms, termsSource: "defaults", severity: .normal, severityReason: "start"),
            event: event("lot.created"), at: t0)
    }

    @Test func everyOperationWorksThroughTheStoreInterfaceAlone() throws {
        try work()
        #expect(try ledger.drop(id: "d1")?.state == .ingested)
        #expect(try ledger.drop(id: "d1")?.failedStage == nil)
        #expect(try ledger.transitions(of: "d1").map(\.action) == [.register, .ingest, .fail, .retry])
        #expect(try ledger.drops(in: [.ingested, .archived]).map(\.id) == ["d1"])
        #expect(try ledger.signedStatements(subject: "d1").map(\.digest) == ["s1", "s2"])
        #expect(try ledger.bundles(matching: VaultQuery(unit: "U1", customer: "cust-01")).map(\.id) == ["b1"])
        #expect(try ledger.loans(bundleID: "b1").map(\.receivedBy) == ["bob"])
        #expect(try ledger.stockBalance(StockAccountKey(location: "HQ", product: "DEBIT", stockClass: .blank)).usable == 480)
        #expect(try ledger.lots(customer: "cust-01").map(\.id) == ["L1"])
        #expect(try ledger.verifyAuditChain().isEmpty)
        #expect(try ledger.dropStateDisagreements().isEmpty)

        // The same file opened as an ordinary SQLite ledger reads the same.
        let plain = try Ledger(path: path)
        #expect(try plain.drops() == ledger.drops())
        #expect(try plain.auditEntries() == ledger.auditEntries())
        #expect(try plain.stockHistory(StockAccountKey(location: "HQ", product: "DEBIT", stockClass: .blank)).count == 2)
    }

    /// Card trace rows, 1,200 of them, and the floor's reports of the drop, through `ledger`.
    func traceAndReport(in ledger: Ledger, dropID: String = "d1") throws -> [CardTraceRow] {
        let rows = (1...1200).map { record in
            CardTraceRow(
                dropID: dropID, record: record,
                fingerprint: CardFingerprint(
                    bytes: [UInt8(record >> 8), UInt8(record & 0xFF)] + (2..<32).map { UInt8(truncatingIfNeeded: $0 * 5) })!,
                masked: "411111******\(String(format: "%04d", record))", initials: "J.D.", product: "P1", branch: "HQ",
                job: "\(dropID)-J0\(record % 3)", batch: "B1", sequence: record)
        }
        #expect(try ledger.write("trace") { try Ledger.insertTraces(rows.forEach, at: t0, in: $0) } == 1200)
        let reports = FloorReports(
            files: [.init(name: "shipping.csv", text: "box,serial\n1,CS0001\n")],
            production: (1...170).map {
                ProductionResult(
                    job: "\(dropID)-J01", batch: "B1", sequence: $0, serial: "CS\($0)", status: $0 == 3 ? .spoiled : .good,
                    reason: $0 == 3 ? "misprint" : "", station: "emb-01", operator: "op-17", time: t0)
            })
        #expect(try ledger.write("report") { try Ledger.keepFloorReports(reports, dropID: dropID, at: t0, in: $0) })
        #expect(try !ledger.write("report") { try Ledger.keepFloorReports(reports, dropID: dropID, at: t0, in: $0) })
        return rows
    }

    /// The digests of every covered table as the ledger computed them on GRDB's connection, on the same file.
    func referenceDigests(continuing previous: [TableDigest] = []) throws -> [TableDigest] {
        let earlier = Dictionary(previous.map { ($0.table, $0) }, uniquingKeysWith: { first, _ in first })
        return try DatabaseQueue(path: path).read { db in
            try AuditedTables.all.filter { try db.tableExists($0.name) }.map { table in
                table.mutableColumns.isEmpty
                    ? try TableDigestReference.chained(table, after: earlier[table.name], in: db)
                    : try TableDigestReference.digest(table, in: db)
            }
        }
    }

    @Test func theStatementsAreInTheSQLBothDatabasesShare() throws {
        try work()
        let traced = try traceAndReport(in: ledger)
        _ = try ledger.deliveryCounts()
        _ = try ledger.stockBalances()
        #expect(try ledger.cardTraces(dropID: "d1").count == traced.count)
        _ = try ledger.auditSnapshot()
        let statements = store.statements
        #expect(statements.count > 50)
        for construct in [
            "INSERT OR", "OR IGNORE", "OR REPLACE", "IFNULL(", "strftime(", "julianday(", "datetime(", " GLOB ",
            "last_insert_rowid", "changes()",
        ] {
            #expect(!statements.contains { $0.localizedCaseInsensitiveContains(construct) }, "SQLite only: \(construct)")
        }
        // Trace rows go in 500 to a statement, production lines 80.
        #expect(statements.filter { $0.contains(#"INSERT INTO "cardTrace" "#) }.count == 3)
        #expect(statements.filter { $0.contains(#"INSERT INTO "cardProduction" "#) }.count == 3)
    }

    @Test func onAnotherDatabaseRowsAreOrderedByKeysAndTheRowOrderColumnOnly() throws {
        let store = StatementKeepingStore(try SQLiteLedgerStore(path: path), presentsAs: .postgres)
        let ledger = Ledger(store: store)
        let traced = try traceAndReport(in: ledger)
        _ = try ledger.auditSnapshot()
        _ = try ledger.cardTraces(fingerprint: traced[7].fingerprint)
        let statements = store.statements
        #expect(statements.contains { $0.contains(#"MAX("rowid")"#) })
        for statement in statements {
            let bare = statement.replacingOccurrences(of: #""rowid""#, with: "")
            #expect(!bare.localizedCaseInsensitiveContains("rowid"), "SQLite's rowid: \(statement)")
            #expect(!bare.localizedCaseInsensitiveContains("ctid"), "ctid is no order: \(statement)")
        }
    }

    @Test func traceRowsAndFloorReportsReadBackAsWrittenThroughAnotherTransaction() throws {
        for dialect in [LedgerDialect.sqlite, .postgres] {
            let ledger = Ledger(store: StatementKeepingStore(try SQLiteLedgerStore(path: path), presentsAs: dialect))
            let dropID = "d-\(dialect.rawValue)"
            let rows = try traceAndReport(in: ledger, dropID: dropID)
            let plain = try Ledger(path: path)
            let ordered = rows.sorted { ($0.job, $0.sequence) < ($1.job, $1.sequence) }
            #expect(try plain.cardTraces(dropID: dropID) == ordered)
            #expect(try ledger.cardTraces(dropID: dropID) == ordered)
            #expect(try plain.cardTraces(fingerprint: rows[41].fingerprint).filter { $0.dropID == dropID } == [rows[41]])
            #expect(try plain.productionLines(dropID: dropID).map(\.result.serial) == (1...170).map { "CS\($0)" })
            #expect(try plain.productionLines(serial: "CS3").filter { $0.dropID == dropID }.map(\.result.status) == [.spoiled])
            #expect(try plain.floorReports(dropID: dropID)?.files.map(\.name) == ["shipping.csv"])
        }
    }

    @Test(arguments: [LedgerDialect.sqlite, .postgres])
    func theDigestsThroughAnotherTransactionAreTheDigestsTheLedgerAlwaysComputed(presentedAs dialect: LedgerDialect) throws {
        let ledger = Ledger(store: StatementKeepingStore(try SQLiteLedgerStore(path: path), presentsAs: dialect))
        let plain = try Ledger(path: path)
        try work()
        _ = try traceAndReport(in: ledger)
        let first = try ledger.auditSnapshot()
        let reference = try referenceDigests()
        #expect(first.tables == reference)
        #expect(try plain.auditSnapshot() == first)
        #expect(first.tables.contains { $0.table == "cardTrace" && $0.rows == 1200 })

        // Rows added since: the next checkpoint's links continue the first's, as they always did.
        _ = try traceAndReport(in: ledger, dropID: "d2")
        try ledger.appendAudit(event("note"), at: t0)
        let second = try ledger.auditSnapshot(continuing: first.tables)
        #expect(second.tables == (try referenceDigests(continuing: first.tables)))
        #expect(try plain.auditSnapshot(continuing: first.tables) == second)
        #expect(second.tables.contains { $0.table == "cardTrace" && $0.rows == 2400 && $0.from ?? 0 > 0 })

        // Recounts agree with the reference's, and see an edited covered row.
        let (_, recounts) = try ledger.recount(second.tables)
        #expect(recounts.allSatisfy { $0.now == $0.recorded })
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE cardTrace SET masked = '999999******0000' WHERE record = 5") }
        let changed = try ledger.recount(first.tables).tables.filter { $0.now != $0.recorded }.map(\.recorded.table)
        #expect(changed == ["cardTrace"])
    }
}
