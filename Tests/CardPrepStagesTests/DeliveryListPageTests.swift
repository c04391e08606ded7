import CardPrepCore
import CardPrepCrypto
import Foundation
import Logging
import Testing

@testable import CardPrepStages

/// The delivery list the receiver signs (`delivery-list-<shipment>.html`), from the clean fixtures with the floor's
/// `boxes.csv`: address, contact, boxes with seals and serial ranges, the signature block; escaped, signed, one A4 page.
@Suite("Delivery list pages")
struct DeliveryListPageTests {
    @Test func thePageNamesAddressContactSealsSerialsAndASignatureBlock() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let report = try fixture.run("clean")
        #expect(report.findings == [])
        let page = try String(contentsOfFile: fixture.output + "/" + DeliveryListHTML.fileName(shipment: "SHP-0002"), encoding: .utf8)
        for words in ["Northwind Bank East Branch", "20 Station Street", "Eastfield", "Card Services", "+44 20 7946 0000",
                      "cards@cust-01.example", "EX123456790FR", "air-cargo", "TEB-40018", "CD000008-CD000013",
                      "CA000007-CA000012", "tamper-evident-bag", "Signature:", "Name:", "Boxes received:", "Seals checked"] {
            #expect(page.contains(words), "\(words)")
        }
        #expect(!page.contains("TEB-40017") && !page.contains("CD000001"), "SHP-0001's box is not on SHP-0002's list")
    }

    @Test func thePageIsSignedLikeTheTextList() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        _ = try fixture.run("clean")
        let signers = fixture.root + "/allowed_signers"
        try ("bureau@cardprep.test namespaces=\"cardprep-delivery\" " + fixture.key.publicKey.authorizedKeyLine(comment: nil) + "\n")
            .write(toFile: signers, atomically: true, encoding: .utf8)
        let page = fixture.output + "/delivery-list-SHP-0001.html"
        #expect(try ReconcileDeliveryListTests().verify(page, signers: signers, namespace: "cardprep-delivery") == 0)
        var tampered = try Data(contentsOf: URL(fileURLWithPath: page))
        tampered.append(contentsOf: Array("<p>extra box</p>".utf8))
        try tampered.write(to: URL(fileURLWithPath: fixture.root + "/tampered.html"))
        try FileManager.default.copyItem(atPath: page + ".sig", toPath: fixture.root + "/tampered.html.sig")
        #expect(try ReconcileDeliveryListTests().verify(fixture.root + "/tampered.html", signers: signers,
                                                        namespace: "cardprep-delivery") != 0)
    }

    @Test func withoutBoxesTheSerialsComeFromTheGoodCardsOfTheBatchesShipped() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let inputs = try fixture.copyOfClean("no-boxes") { folder in
            try FileManager.default.removeItem(atPath: folder + "/boxes.csv")
        }
        let report = try fixture.stage(inputs: inputs).run(workPath: fixture.root + "/work", dropID: ReconcileFixture.dropID)
        #expect(report.findings == [])
        let page = try String(contentsOfFile: fixture.output + "/delivery-list-SHP-0001.html", encoding: .utf8)
        #expect(page.contains("did not itemise them"))
        #expect(page.contains("CD000001-CD000003, CD000005-CD000007"), "the spoiled CD000004 is not shipped")
    }

    @Test func everyValueIsEscaped() {
        var order = ReconciliationExamples.order
        order.delivery.contact = Contact(name: "<script>alert(1)</script> & Sons", phone: "+33 1", email: "a@b.example")
        order.customer.name = "Bank \"<b>\""
        let page = DeliveryListHTML.html(
            order: order, lines: ReconciliationExamples.clean.shipments.filter { $0.shipment == "S-1" },
            boxes: [ShipmentBox(shipment: "S-1", box: 1, seal: "<i>7</i>", product: "DEBIT", cards: 3,
                                serials: [SerialRange("CS000001")!, SerialRange("CS000003-CS000004")!])],
            production: [], generated: "2026-11-10T12:00:00.000Z")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons"))
        #expect(page.contains("&lt;i&gt;7&lt;/i&gt;"))
        #expect(page.contains("Bank &quot;&lt;b&gt;&quot;") || page.contains("Bank \"&lt;b&gt;\""), "the customer's name is text")
        #expect(!page.contains("<script") && !page.contains("<b>\"") && !page.contains("<i>"))
    }

    @Test func aLateDispatchIsStillAFinding() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let inputs = try fixture.copyOfClean("late") { folder in
            let path = folder + "/shipping.csv"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "EX123456790FR,2026-11-05T15:00:00Z", with: "EX123456790FR,2026-11-16T15:00:00Z")
                .write(toFile: path, atomically: true, encoding: .utf8)
            // Signed for after it arrived, so that the late dispatch is the only finding.
            let receipts = folder + "/receipts.csv"
            try String(contentsOfFile: receipts, encoding: .utf8)
                .replacingOccurrences(of: "SHP-0002,2026-11-06T14:40:00Z", with: "SHP-0002,2026-11-17T14:40:00Z")
                .write(toFile: receipts, atomically: true, encoding: .utf8)
        }
        let report = try fixture.stage(inputs: inputs).run(workPath: fixture.root + "/work", dropID: ReconcileFixture.dropID)
        #expect(report.findings.map(\.code) == [.dispatchLate])
        #expect(report.findings.first?.location.shipment == "SHP-0002")
        #expect(report.findings.first?.message.contains("after the order's due date 2026-11-15") == true)
    }

    @Test func aBoxWithoutItsSealIsAFinding() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let inputs = try fixture.copyOfClean("no-seal") { folder in
            let path = folder + "/boxes.csv"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "SHP-0002,1,TEB-40018,C01-ACCESS", with: "SHP-0002,1,,C01-ACCESS")
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
        let report = try fixture.stage(inputs: inputs).run(workPath: fixture.root + "/work", dropID: ReconcileFixture.dropID)
        #expect(report.findings.map(\.code) == [.boxSeal])
        #expect(report.findings.first?.location.shipment == "SHP-0002")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
                   "Debian's chromium is not installed (apt-get install -y chromium); the A4 test is skipped"))
    func theUsualDeliveryFitsOneA4Page() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        _ = try fixture.run("clean")
        let pdf = fixture.root + "/delivery.pdf"
        let url = URL(fileURLWithPath: fixture.output + "/delivery-list-SHP-0001.html").absoluteString
        #expect(try run("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + fixture.root + "/profile",
                                              "--print-to-pdf=" + pdf, "--no-pdf-header-footer", url]).status == 0)
        // Chromium writes each page as an uncompressed `/Type /Page` dictionary with its A4 MediaBox (595 × 842 points).
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdf)), as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page").count - 1 - (text.components(separatedBy: "/Type /Pages").count - 1)
        #expect(pages == 1, "\(pages) pages")
        #expect(text.contains("/MediaBox [0 0 594.95996 841.91998]") || text.contains("/MediaBox [0 0 595 842]"),
                "not A4")
        if let folder = ProcessInfo.processInfo.environment["CARDPREP_RENDER_DIR"] {
            try? FileManager.default.removeItem(atPath: folder + "/delivery-list.pdf")
            try FileManager.default.copyItem(atPath: pdf, toPath: folder + "/delivery-list.pdf")
        }
    }

    func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension ReconcileFixture {
    /// A copy of the clean inputs under `name`, changed by `change` (given the order's folder); the inputs folder.
    func copyOfClean(_ name: String, _ change: (String) throws -> Void) throws -> String {
        let inputs = root + "/" + name
        try FileManager.default.copyItem(atPath: Self.repository + "/Fixtures/reconcile/clean", toPath: inputs)
        try change(inputs + "/ORD-20261101-01")
        return inputs
    }

    /// The stage reading the inputs folder `inputs`.
    func stage(inputs: String) -> ReconcileStage {
        let context = RunContext(now: { Self.now }, actor: "tester", host: "test-host",
                                 logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return ReconcileStage(pipeline: pipeline, ledger: ledger, context: context, inputsFolder: inputs)
    }
}
