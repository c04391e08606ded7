import CardPrepCore
import Foundation
import Testing

@testable import CardPrepLedger

/// A store that serves a SQLite ledger through transactions of its own type, keeping every statement: the ledger's
/// operations must work through `LedgerTransaction` alone, in SQL both databases understand.
final class StatementKeepingStore: LedgerStore, @unchecked Sendable {
    let inner: SQLiteLedgerStore
    private let lock = NSLock()
    private var kept: [String] = []

    init(_ inner: SQLiteLedgerStore) { self.inner = inner }

    var dialect: LedgerDialect { inner.dialect }
    var location: String { inner.location }
    var statements: [String] { lock.withLock { kept } }

    func keep(_ sql: String) { lock.withLock { kept.append(sql) } }

    func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try inner.read { try body(Transaction(inner: $0, store: self)) }
    }

    func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try inner.write { try body(Transaction(inner: $0, store: self)) }
    }

    struct Transaction: LedgerTransaction {
        let inner: any LedgerTransaction
        let store: StatementKeepingStore
        var dialect: LedgerDialect { inner.dialect }

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

        func columns(of table: String) throws -> [String] { try inner.columns(of: table) }
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

    @Test func theStatementsAreInTheSQLBothDatabasesShare() throws {
        try work()
        _ = try ledger.deliveryCounts()
        _ = try ledger.stockBalances()
        _ = try ledger.cardTraces(dropID: "d1")
        let statements = store.statements
        #expect(statements.count > 50)
        for construct in [
            "INSERT OR", "OR IGNORE", "OR REPLACE", "IFNULL(", "strftime(", "julianday(", "datetime(", " GLOB ",
            "last_insert_rowid", "changes()",
        ] {
            #expect(!statements.contains { $0.localizedCaseInsensitiveContains(construct) }, "SQLite only: \(construct)")
        }
        // Row ids are read only to order the few tables that keep no order of their own, and through the dialect.
        #expect(statements.filter { $0.contains("rowid") }.allSatisfy { $0.contains("ORDER BY t.rowid") })
    }

    @Test func thePartsStillOnGRDBSayTheyNeedASQLiteLedger() throws {
        try work()
        #expect {
            try ledger.auditSnapshot()
        } throws: { error in
            "\(error)".contains("needs a SQLite ledger")
        }
    }
}
