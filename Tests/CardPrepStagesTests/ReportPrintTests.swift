import CardPrepCore
import CardPrepCrypto
import Foundation
import Testing

@testable import CardPrepStages

/// The signed reports as people get them: printed by Debian's chromium to PDF, counted with `pdfinfo` and read back
/// with `pdftotext`, page by page.
private let printToolsPresent = ["/usr/bin/chromium", "/usr/bin/pdfinfo", "/usr/bin/pdftotext"]
    .allSatisfy(FileManager.default.isExecutableFile(atPath:))

@Suite(.enabled(if: printToolsPresent,
                "chromium and poppler-utils are not installed (bash Pipelines/install-dependencies.sh); the print tests are skipped"))
struct ReportPrintTests {
    @Test func aTypicalLotsAcceptanceReportIsOnePageWithCustomerLotAndSignOff() throws {
        let fixture = try InspectFixture()
        let stage = InspectStage(pipeline: fixture.pipeline, ledger: fixture.ledger, context: fixture.context)
        let lots = try stage.run(jobs: InspectFixture.manifest(batches: 3, cards: 1200), acceptance: InspectFixture.terms).created.map(\.lotID)
        try fixture.inspect(lots[0], accept: true)
        try fixture.inspect(lots[1], accept: false)
        try fixture.inspect(lots[2], accept: true)
        let report = try AcceptanceReport(lotID: lots[2], ledger: fixture.ledger, generated: fixture.context.now(),
                                          customerName: "Northwind Bank", bureauName: "Demo Card Bureau")
        let files = try AcceptanceReportFiles.write(report, to: fixture.root + "/reports", signingKey: SSHEd25519SigningKey.generate())
        let pages = try Printed(files[0], in: fixture.root)
        #expect(pages.count == 1, "\(pages.text)")
        let first = try #require(pages.text.first)
        for words in ["Northwind Bank", "Demo Card Bureau", lots[2], "Sign-off", "Customer representative", "this lot", "Ac =",
                      ReportFormat.percent(report.decision.qualificationRate), "Page 1 of 1"] {
            #expect(first.contains(words), "\(words)")
        }
        #expect(!first.contains(".000Z"), "times are printed without milliseconds")
        // Every lot up to this one is labelled on paper under its bar.
        for lot in lots { #expect(first.contains(LotHistoryChart.label(lot).batch), "\(lot)") }
    }

    @Test func theDeliveryAcceptanceReportShowsTheQualificationRateAsAPercentage() throws {
        let report = Self.deliveryReport(customerName: "Northwind Bank")
        let root = try Self.folder()
        let path = root + "/delivery.html"
        try report.html().write(toFile: path, atomically: true, encoding: .utf8)
        let pages = try Printed(path, in: root)
        #expect(pages.count == 1)
        let text = try #require(pages.text.first)
        for words in ["97.60 %", "Northwind Bank", "DA-SHP-0001", "LOT-1", "Sign-off", "For the customer (received and accepted)"] {
            #expect(text.contains(words), "\(words)")
        }
        #expect(!text.contains("9760"))
    }

    @Test func aCleanReconciliationIsOnePageSignedWithCustomerOrderAndSignOff() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let report = try fixture.run("clean")
        #expect(report.findings.isEmpty)
        let path = fixture.output + "/report.html"
        let pages = try Printed(path, in: fixture.root)
        #expect(pages.count == 1, "\(pages.text)")
        let text = try #require(pages.text.first)
        let customer = try #require(report.customerName)
        for words in [customer, "reconcile-test", "RR-ORD-20261101-01", "Reconciled: every figure adds up", "Sign-off",
                      "Every spoiled card is destroyed", "stock movement", "Recorded by tester"] {
            #expect(text.contains(words), "\(words)")
        }
        let signers = fixture.root + "/allowed_signers"
        try ("bureau@cardprep.test namespaces=\"cardprep-report\" " + fixture.key.publicKey.authorizedKeyLine(comment: nil) + "\n")
            .write(toFile: signers, atomically: true, encoding: .utf8)
        for file in [path, fixture.output + "/report.json"] {
            #expect(try ReconcileDeliveryListTests().verify(file, signers: signers, namespace: "cardprep-report") == 0, "\(file)")
        }
    }

    @Test func aShortLineIsHighlightedAndMarkedOnTheChart() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let report = try fixture.run("short-shipped")
        let html = try String(contentsOfFile: fixture.output + "/report.html", encoding: .utf8)
        #expect(html.contains("<tr class=\"short\"><td>BR01</td><td>C01-DEBIT</td>"), "the short line is highlighted")
        #expect(html.components(separatedBy: "<tr class=\"short\"><td>BR01</td>").count == 2, "only the short line")
        #expect(html.contains("short 1: 5 of 6"), "the chart marks the short line")
        #expect(html.contains("1 discrepancy found") && !html.contains("discrepancies found"))
        #expect(report.findings.count == 1)
    }

    @Test func anInvalidDestructionIsNeverReportedAsNothingAwaiting() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let report = try fixture.run("unsigned-destruction")
        #expect(report.findings.map(\.code) == [.destructionUnsigned])
        let html = try String(contentsOfFile: fixture.output + "/report.html", encoding: .utf8)
        #expect(html.contains("not validly destroyed (destruction-unsigned)"))
        #expect(!html.contains("Every spoiled card is destroyed"))
    }

    @Test func aLongReportContinuesOnNumberedPagesThatRepeatTheDocumentID() throws {
        var report = ReconcileReport(
            dropID: String(repeating: "ab", count: 32), orderID: "ORD-LONG-1", contract: "C-1", generated: "2026-11-29T14:03:07.123Z",
            branches: [], shipments: [], pendingDestruction: [], findings: [])
        report.findings = (1...90).map { index in
            ReconciliationFinding(.cardMissing, at: .init(batch: "B\(index)"), expected: 1, actual: 0,
                                  message: "card \(index) of the batch is missing from production")
        }
        report.customerName = "Northwind Bank"
        report.bureau = "Demo Card Bureau"
        let root = try Self.folder()
        let path = root + "/long.html"
        try ReconcileHTMLReport.html(report).write(toFile: path, atomically: true, encoding: .utf8)
        let pages = try Printed(path, in: root)
        #expect(pages.count > 1)
        for (index, text) in pages.text.enumerated() {
            #expect(text.contains("RR-ORD-LONG-1") && text.contains("Page \(index + 1) of \(pages.count)"), "page \(index + 1): \(text)")
            #expect(text.contains("Demo Card Bureau · Northwind Bank"), "page \(index + 1)")
        }
        #expect(pages.text.last?.contains("Sign-off") == true && pages.text.first?.contains("90 discrepancies found") == true)
        #expect(pages.text.first?.contains("2026-11-29 14:03 UTC") == true)
    }

    @Test func aCustomerNameWithMarkupIsShownAsText() throws {
        let report = Self.deliveryReport(customerName: "Evil <script>alert(1)</script> Bank")
        let html = report.html()
        #expect(!html.contains("<script>") && html.contains("Evil &lt;script&gt;alert(1)&lt;/script&gt; Bank"))
        let root = try Self.folder()
        try html.write(toFile: root + "/evil.html", atomically: true, encoding: .utf8)
        let pages = try Printed(root + "/evil.html", in: root)
        #expect(pages.text.first?.contains("Evil <script>alert(1)</script> Bank") == true)
    }

    @Test func aTypicalDeliveryListIsOnePageWithCustomerDocumentIDAndSignOff() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let report = try fixture.run("clean")
        let pages = try Printed(fixture.output + "/" + DeliveryListHTML.fileName(shipment: "SHP-0001"), in: fixture.root)
        #expect(pages.count == 1, "\(pages.text)")
        let text = try #require(pages.text.first)
        let customer = try #require(report.customerName)
        for words in [customer, "reconcile-test", "DL-SHP-0001", "Receipt", "Sign-off", "Received for the customer",
                      "cardprep-delivery", "Page 1 of 1"] {
            #expect(text.contains(words), "\(words)")
        }
    }

    @Test func aLongDeliveryListContinuesOnNumberedPagesThatRepeatTheDocumentID() throws {
        let lines = ReconciliationExamples.clean.shipments.filter { $0.shipment == "S-1" }
        let boxes = (1...160).map { box in
            ShipmentBox(shipment: "S-1", box: box, seal: "TEB-\(50000 + box)", product: "DEBIT", cards: 1,
                        serials: [SerialRange("CS\(String(format: "%06d", box))")!])
        }
        let root = try Self.folder()
        let path = root + "/long-delivery.html"
        try DeliveryListHTML.html(order: ReconciliationExamples.order, lines: lines, boxes: boxes, production: [],
                                  generated: "2026-11-29T14:03:07.123Z", bureau: "Demo Card Bureau")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let pages = try Printed(path, in: root)
        #expect(pages.count > 1)
        let customer = ReconciliationExamples.order.customer.name
        for (index, text) in pages.text.enumerated() {
            #expect(text.contains("DL-S-1") && text.contains("Page \(index + 1) of \(pages.count)"), "page \(index + 1): \(text)")
            #expect(text.contains("Demo Card Bureau · " + customer), "page \(index + 1)")
        }
        #expect(pages.text.last?.contains("Sign-off") == true && pages.text.first?.contains("2026-11-29 14:03 UTC") == true)
    }

    @Test func aTypicalStockStatementIsOnePageWithCustomerDocumentIDAndSignOff() throws {
        let fixture = try ReconcileFixture()
        try StockStatementTests.register(fixture.ledger)
        let until = StockStatementTests.time("2026-12-01T00:00:00Z")
        let statement = StockStatement(
            bureau: "Acme Card Bureau", customer: "cust-01", customerName: "Northwind Bank", period: "2026-11",
            from: StockStatementTests.time("2026-11-01T00:00:00Z"), until: until, generated: ReconcileFixture.now,
            accounts: try fixture.ledger.stockAccounts(customer: "cust-01", until: until))
        let files = try StockStatementFiles.write(statement, to: fixture.root + "/statements", signingKey: fixture.key)
        let pages = try Printed(files[0], in: fixture.root)
        #expect(pages.count == 1, "\(pages.text)")
        let text = try #require(pages.text.first)
        for words in ["Northwind Bank", "Acme Card Bureau", "SS-cust-01-2026-11", "Sign-off", "For Northwind Bank",
                      "closing balance", "Page 1 of 1"] {
            #expect(text.contains(words), "\(words)")
        }
        #expect(!text.contains(".000Z"), "times are printed without milliseconds")
    }

    @Test func aTraceEvidencePageIsOnePageWithCustomerDocumentIDAndSignOff() throws {
        let card = TracedCard(
            dropID: String(repeating: "ab", count: 32), customer: "cust-01", drop: "cust-01/drop-20261101-01", dropState: "archived",
            masked: "412345******1234", order: "ORD-20261101-01", orderLines: [1], product: "C01-DEBIT", branch: "HQ",
            job: "J01", machine: "emb-01", batch: "J01-B001", position: 5,
            made: [.init(serial: "CD000005", status: "good", station: "emb-01", operator: "op-17", time: "2026-11-03T10:00:00.000Z",
                         lot: .init(id: "LOT-1", sampled: true, decision: "accepted"))],
            shipment: .init(id: "SHP-0001", branch: "HQ", boxes: 1, box: 1, seal: "TEB-40017", carrier: "express-courier",
                            tracking: "EX1", dispatched: "2026-11-05T09:00:00.000Z"),
            receipt: .init(received: "2026-11-06T10:00:00.000Z", receivedBy: "Claire Martin", boxes: 1))
        let report = CardTraceReport(query: "serial CD000005", cards: [card])
        let root = try Self.folder()
        let path = root + "/evidence.html"
        try TraceEvidencePage.html(report, bureau: "Demo Card Bureau", customers: ["cust-01": "Northwind Bank"],
                                   generated: "2026-11-29T14:03:07.123Z").write(toFile: path, atomically: true, encoding: .utf8)
        let pages = try Printed(path, in: root)
        #expect(pages.count == 1, "\(pages.text)")
        let text = try #require(pages.text.first)
        for words in ["Northwind Bank", "Demo Card Bureau", "TE-20261129140307", "Card 412345******1234", "Sign-off",
                      "Received for the customer", "Page 1 of 1", "2026-11-29 14:03 UTC"] {
            #expect(text.contains(words), "\(words)")
        }
    }

    /// Reads a PDF's pages with poppler: their number and each one's text.
    struct Printed {
        var count: Int
        var text: [String]

        /// Prints `html` with chromium into `folder` and reads the PDF back.
        init(_ html: String, in folder: String) throws {
            let pdf = html + ".pdf"
            let status = try ReportPrintTests.run("/usr/bin/chromium", [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + folder + "/chromium-profile",
                "--no-pdf-header-footer", "--print-to-pdf=" + pdf, URL(fileURLWithPath: html).absoluteString,
            ])
            guard status == 0 else { throw CocoaError(.fileWriteUnknown) }
            let info = try ReportPrintTests.output("/usr/bin/pdfinfo", [pdf])
            let pagesLine = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
            count = Int(pagesLine.split(separator: " ").last ?? "") ?? 0
            text = try (1...max(1, count)).map { page in
                try ReportPrintTests.output("/usr/bin/pdftotext", ["-f", "\(page)", "-l", "\(page)", "-layout", pdf, "-"])
                    .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
            // For a person to look at: CARDPREP_RENDER_DIR=/tmp/render swift test --filter ReportPrintTests
            if let target = ProcessInfo.processInfo.environment["CARDPREP_RENDER_DIR"] {
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                let copy = target + "/" + URL(fileURLWithPath: pdf).lastPathComponent
                try? FileManager.default.removeItem(atPath: copy)
                try FileManager.default.copyItem(atPath: pdf, toPath: copy)
            }
        }
    }

    static func deliveryReport(customerName: String) -> DeliveryAcceptanceReport {
        DeliveryAcceptanceReport(
            shipment: "SHP-0001", orderID: "ORD-1", contract: "C-1", customer: "cust-01", branch: "BR01", carrier: "express-courier",
            tracking: "EX1", dispatched: "2026-11-05T09:00:00.000Z",
            products: [.init(product: "C01-DEBIT", ordered: 1000, delivered: 1000)],
            lots: [.init(lot: "LOT-1", product: "C01-DEBIT", size: 1000, severity: "normal", inspected: 125, defective: 3,
                         qualificationRate: 97.6, accepted: true, decidedBy: "ana")],
            accepted: true, generated: "2026-11-29T14:03:07.123Z", customerName: customerName, bureauName: "Demo Card Bureau")
    }

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-print-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func run(_ program: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func output(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
