import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// The floor's stock posted to the customer's register when its drop reconciles, once; and the customer's signed
/// balance statement over it.
@Suite("Stock register and statement")
struct StockStatementTests {
    static func time(_ text: String) -> Date { ReconciliationExamples.time(text) }

    @Test func theFloorsStockIsPostedOnceWhenTheDropReconciles() throws {
        let fixture = try ReconcileFixture()
        let debit = StockAccountKey(customer: "cust-01", location: "HQ", product: "C01-DEBIT", stockClass: .blank)
        let access = StockAccountKey(customer: "cust-01", location: "HQ", product: "C01-ACCESS", stockClass: .prefabricated)
        // In discrepancy (nobody signed the destruction yet): nothing is posted.
        #expect(try fixture.run("clean").findings.map(\.code) == [.destructionUnsigned])
        #expect(try fixture.ledger.stockPosting(dropID: ReconcileFixture.dropID) == nil)
        #expect(try fixture.ledger.stockBalance(debit) == StockBalance())
        try fixture.signDestruction()
        #expect(try fixture.run("clean").findings.isEmpty)
        #expect(try fixture.ledger.stockBalance(debit).usable == 86 && fixture.ledger.stockBalance(access).usable == 37)
        let posting = try #require(try fixture.ledger.stockPosting(dropID: ReconcileFixture.dropID))
        #expect(posting.customer == "cust-01" && posting.orderID == "ORD-20261101-01" && posting.movements == 7)
        // A second run over the same files posts nothing more, whether the ledger lets it reconcile again or not.
        _ = try? fixture.run("clean")
        #expect(try fixture.ledger.stockBalance(debit).usable == 86)
        #expect(try fixture.ledger.stockHistory(debit).count == 4)
        #expect(try fixture.ledger.auditEntries().filter { $0.event == "stock.posted" }.count == 1)
        let accounts = try fixture.ledger.stockAccounts(customer: "cust-01", until: ReconcileFixture.now)
        #expect(accounts.allSatisfy { $0.account.locationKind == "headquarters" })
    }

    /// Two locations (headquarters and a branch), every kind of movement, an opening balance from October.
    static func register(_ ledger: Ledger) throws {
        let hq = StockAccountKey(customer: "cust-01", location: "HQ", product: "C01-DEBIT", stockClass: .blank)
        let branch = StockAccountKey(customer: "cust-01", location: "BR01", product: "C01-DEBIT", stockClass: .blank)
        let now = time("2026-12-02T00:00:00Z")
        func move(_ account: StockAccountKey, _ kind: StockMovementKind, _ quantity: Int, _ at: String, note: String = "") throws {
            _ = try ledger.recordStockMovement(
                StockMovement(time: time(at), account: account, kind: kind, quantity: quantity, reference: "R-\(kind.rawValue)", note: note),
                actor: "system", host: "h1", at: now)
        }
        try move(hq, .received, 500, "2026-10-20T08:00:00Z")
        try move(hq, .issued, 100, "2026-10-25T08:00:00Z")
        try move(hq, .received, 200, "2026-11-02T08:00:00Z", note: "=HYPERLINK(\"http://x\")")
        try move(hq, .issued, 150, "2026-11-03T08:00:00Z", note: "<b>rush</b>")
        try move(hq, .returned, 10, "2026-11-04T08:00:00Z")
        try move(hq, .spoiled, 5, "2026-11-05T08:00:00Z")
        try move(hq, .destroyed, 5, "2026-11-06T08:00:00Z")
        _ = try ledger.transferStock(120, from: hq, to: branch, time: time("2026-11-07T08:00:00Z"), reference: "TR-1", note: "",
                                     actor: "system", host: "h1", at: now)
        try move(branch, .issued, 20, "2026-11-08T08:00:00Z")
        _ = try ledger.reclassifyStock(30, from: hq, time: time("2026-11-09T08:00:00Z"), reference: "RC-1", note: "old design",
                                       actor: "system", host: "h1", at: now)
        _ = try ledger.recordStockCount(
            StockMovement(time: time("2026-11-10T08:00:00Z"), account: hq, kind: .inventory, quantity: 300, reference: "INV"),
            actor: "system", host: "h1", at: now)
        try move(hq, .received, 999, "2026-12-01T08:00:00Z")  // after the period
        try move(hq.owned(by: "cust-02"), .received, 77, "2026-11-02T08:00:00Z")  // another customer's HQ
    }

    @Test func aStatementForTwoLocationsAndEveryMovementAddsUp() throws {
        let fixture = try ReconcileFixture()
        try Self.register(fixture.ledger)
        let statement = StockStatement(
            bureau: "Acme Card Bureau", customer: "cust-01", customerName: "Northwind <Bank>", period: "2026-11",
            from: Self.time("2026-11-01T00:00:00Z"), until: Self.time("2026-12-01T00:00:00Z"), generated: ReconcileFixture.now,
            accounts: try fixture.ledger.stockAccounts(customer: "cust-01", until: Self.time("2026-12-01T00:00:00Z")))
        #expect(statement.addsUp)
        let figures = statement.accounts.map { "\($0.location)/\($0.stockClass.rawValue) \($0.opening)+\($0.cardsIn)-\($0.cardsOut)=\($0.closing)" }
        #expect(figures == ["BR01/blank 0+120-20=100", "HQ/blank 400+210-305=305", "HQ/obsolete 0+30-0=30"])
        for account in statement.accounts {
            #expect(account.opening + account.cardsIn - account.cardsOut == account.closing)
            #expect(account.lines.reduce(account.opening) { $0 + $1.cardsIn - $1.cardsOut } == account.closing)
        }
        let hq = try #require(statement.accounts.first { $0.location == "HQ" && $0.stockClass == .blank })
        #expect(hq.lines.map(\.kind) == [.received, .issued, .returned, .spoiled, .destroyed, .transferredOut, .reclassifiedOut])
    }

    @Test func theStatementFilesAreEscapedNeutralisedAndSigned() throws {
        let fixture = try ReconcileFixture()
        try Self.register(fixture.ledger)
        let statement = StockStatement(
            bureau: "Acme Card Bureau", customer: "cust-01", customerName: "Northwind <Bank>", period: "2026-11",
            from: Self.time("2026-11-01T00:00:00Z"), until: Self.time("2026-12-01T00:00:00Z"), generated: ReconcileFixture.now,
            accounts: try fixture.ledger.stockAccounts(customer: "cust-01", until: Self.time("2026-12-01T00:00:00Z")))
        let folder = fixture.root + "/statements"
        let files = try StockStatementFiles.write(statement, to: folder, signingKey: fixture.key)
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == [
            "stock-statement-cust-01-2026-11.html", "stock-statement-cust-01-2026-11.csv", "stock-statement-cust-01-2026-11.json"])
        let html = try String(contentsOfFile: files[0], encoding: .utf8)
        #expect(html.contains("Northwind &lt;Bank&gt;") && !html.contains("<Bank>"))
        #expect(html.contains("&lt;b&gt;rush&lt;/b&gt;") && html.contains("Acme Card Bureau"))
        #expect(html.contains("size: A4") && !html.contains("<script"))
        let csv = try String(contentsOfFile: files[1], encoding: .utf8)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        #expect(!csv.contains(",=HYPERLINK"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: files[2]))) as? [String: Any]
        #expect((json?["accounts"] as? [Any])?.count == 3)
        let signers = fixture.root + "/allowed_signers"
        try ("bureau@cardprep.test namespaces=\"cardprep-report\" " + fixture.key.publicKey.authorizedKeyLine(comment: nil) + "\n")
            .write(toFile: signers, atomically: true, encoding: .utf8)
        for file in files {
            let verified = try PeopleFixture.run(
                ["/usr/bin/ssh-keygen", "-Y", "verify", "-f", signers, "-I", "bureau@cardprep.test", "-n", "cardprep-report",
                 "-s", file + ".sig"], input: Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(verified.status == 0, "\(file): \(verified.errors)")
        }
    }
}
