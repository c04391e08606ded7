import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct InspectReportTests {
    /// A fixture with three decided lots (one not accepted) and the report of the last one written and signed.
    func writtenReport() throws -> (InspectFixture, [String], SSHEd25519SigningKey) {
        let fixture = try InspectFixture()
        let stage = InspectStage(pipeline: fixture.pipeline, ledger: fixture.ledger, context: fixture.context)
        let lots = try stage.run(jobs: InspectFixture.manifest(batches: 3, cards: 1200), acceptance: InspectFixture.terms).created.map(\.lotID)
        try fixture.inspect(lots[0], accept: true)
        try fixture.inspect(lots[1], accept: false)
        try fixture.inspect(lots[2], accept: true)
        let key = SSHEd25519SigningKey.generate()
        let report = try AcceptanceReport(lotID: lots[2], ledger: fixture.ledger, generated: fixture.context.now())
        let files = try AcceptanceReportFiles.write(report, to: fixture.root + "/reports", signingKey: key)
        return (fixture, files, key)
    }

    @Test func reportHoldsThePlanSampleDecisionAndHistory() throws {
        let (fixture, files, _) = try writtenReport()
        defer { withExtendedLifetime(fixture) {} }
        #expect(files.count == 7 && files[0].hasSuffix(".acceptance.html") && files[1].hasSuffix(".acceptance.json"))
        #expect(files.suffix(3).map { URL(fileURLWithPath: $0).lastPathComponent.components(separatedBy: ".acceptance.").last }
            == ["statement.txt", "statement.ana.sig", "statement.allowed_signers"])
        let json = try JSONDecoder().decode(AcceptanceReport.self, from: Data(contentsOf: URL(fileURLWithPath: files[1])))
        #expect(json.format == "cardprep-acceptance/1" && json.history.count == 3 && json.decision.accepted)
        #expect(json.sample.count == json.plan.sampleSize && json.seed.count == 64 && json.lot.orderedQuantity == 1200)
        let html = try String(contentsOfFile: files[0], encoding: .utf8)
        for text in ["@page { size: A4", "<svg", "Ac", "Re", "Qualification rate".lowercased(), "Customer representative", json.seed] {
            #expect(html.lowercased().contains(text.lowercased()), "\(text)")
        }
        for external in ["<script", "src=", "<link", "url(", "@import"] { #expect(!html.contains(external), "\(external)") }
        let signed = try #require(json.signedBy)
        let decision = try #require(try fixture.ledger.decision(lotID: json.lot.id))
        #expect(json.recordedBy == "ana" && signed.person == "ana" && signed.name == "Ana Lima")
        #expect(signed.keyFingerprint == fixture.inspectorKey.publicKey.fingerprint && signed.statementDigest == decision.statement)
        for text in ["Decision signed by the inspector Ana Lima (ana)", signed.keyFingerprint, signed.statementDigest, "Countersigned by the bureau"] {
            #expect(html.contains(text), "\(text)")
        }
    }

    /// A report made later for an earlier lot shows the lots decided up to it, not those decided since, so a signed
    /// report does not change with the day it is made; it names the customer and the bureau.
    @Test func anEarlierLotsReportShowsOnlyTheLotsDecidedUpToIt() throws {
        let (fixture, _, _) = try writtenReport()
        let lot = try #require(try fixture.ledger.lots().first)
        let first = try #require(try fixture.ledger.decisions(customer: lot.customer, product: lot.product).first)
        let report = try AcceptanceReport(lotID: first.lotID, ledger: fixture.ledger, generated: fixture.context.now(),
                                          customerName: "Northwind <Bank>", bureauName: "Demo Card Bureau")
        #expect(report.history.map(\.lotID) == [first.lotID])
        let html = AcceptanceReportHTML.render(report)
        #expect(html.contains("Northwind &lt;Bank&gt; (\(report.lot.customer))") && html.contains("Demo Card Bureau"), "\(html)")
    }

    @Test func theInspectorsSignatureVerifiesWithThePrintedCommand() throws {
        let (fixture, files, _) = try writtenReport()
        let folder = fixture.root + "/reports"
        let report = try JSONDecoder().decode(AcceptanceReport.self, from: Data(contentsOf: URL(fileURLWithPath: files[1])))
        let command = try #require(AcceptanceReportFiles.inspectorVerifyCommand(report, in: folder))
        #expect(command.hasPrefix("ssh-keygen -Y verify -f ") && command.contains(" -I ana -n cardprep-statement "))
        #expect(try run("/bin/sh", ["-c", command]) == 0, "\(command)")
        let statement = try #require(AcceptanceReportFiles.inspectorFiles(report, in: folder)?.statement)
        try (String(contentsOfFile: statement, encoding: .utf8).replacingOccurrences(of: "decision: accepted", with: "decision: not accepted"))
            .write(toFile: statement, atomically: true, encoding: .utf8)
        #expect(try run("/bin/sh", ["-c", command]) != 0, "an altered statement does not verify")
    }

    @Test func signaturesVerifyWithSSHKeygen() throws {
        let (fixture, files, key) = try writtenReport()
        let signers = fixture.root + "/allowed_signers"
        try "qa@bureau namespaces=\"cardprep-report\" \(key.publicKey.authorizedKeyLine(comment: nil))\n"
            .write(toFile: signers, atomically: true, encoding: .utf8)
        for file in files.prefix(2) {
            let status = try run("/usr/bin/ssh-keygen", ["-Y", "verify", "-f", signers, "-I", "qa@bureau", "-n", "cardprep-report",
                                                          "-s", file + ".sig"], stdin: file)
            #expect(status == 0, "\(file)")
        }
        let tampered = fixture.root + "/tampered.json"
        try (String(contentsOfFile: files[1], encoding: .utf8) + " ").write(toFile: tampered, atomically: true, encoding: .utf8)
        let status = try run("/usr/bin/ssh-keygen", ["-Y", "verify", "-f", signers, "-I", "qa@bureau", "-n", "cardprep-report",
                                                      "-s", files[1] + ".sig"], stdin: tampered)
        #expect(status != 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
                   "Debian's chromium is not installed (apt-get install -y chromium); the browser test is skipped"))
    func reportRendersInAHeadlessBrowser() throws {
        let (fixture, files, _) = try writtenReport()
        let png = fixture.root + "/report.png", pdf = fixture.root + "/report.pdf"
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + fixture.root + "/chromium-profile"]
        let url = URL(fileURLWithPath: files[0]).absoluteString
        #expect(try run("/usr/bin/chromium", common + ["--screenshot=" + png, "--window-size=1240,1754", url]) == 0)
        #expect(try run("/usr/bin/chromium", common + ["--print-to-pdf=" + pdf, "--no-pdf-header-footer", url]) == 0)
        let pngBytes = try Data(contentsOf: URL(fileURLWithPath: png))
        let pdfBytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(pngBytes.count > 10_000 && pngBytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(pdfBytes.count > 1_000 && pdfBytes.starts(with: Array("%PDF".utf8)))
        // For a person to look at: CARDPREP_RENDER_DIR=/tmp/render swift test --filter InspectReportTests
        if let folder = ProcessInfo.processInfo.environment["CARDPREP_RENDER_DIR"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in [png, pdf] {
                let target = folder + "/acceptance-" + URL(fileURLWithPath: file).lastPathComponent
                try? FileManager.default.removeItem(atPath: target)
                try FileManager.default.copyItem(atPath: file, toPath: target)
            }
        }
    }

    /// Runs a program, optionally with a file on standard input, and returns its exit status.
    func run(_ program: String, _ arguments: [String], stdin: String? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdin)) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
