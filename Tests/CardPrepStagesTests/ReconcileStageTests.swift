import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Logging
import Testing

@testable import CardPrepStages

/// The reconcile stage over the committed fixtures of the sample drop (`Fixtures/reconcile/`), in a temporary folder.
final class ReconcileFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let dropID = "204e54c8aed0f2ee4b3c77a5eac9a37d5d80d4b46bdd6e7f29750dd57996b5cb"
    static let now = ReconciliationExamples.time("2026-11-10T12:00:00Z")

    let root: String
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let key: SSHEd25519SigningKey

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("reconcile-\(UUID().uuidString)").path
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/keys", withIntermediateDirectories: true)
        try fm.copyItem(atPath: Self.repository + "/Fixtures/reconcile/work", toPath: root + "/work")
        let keyText = try String(contentsOfFile: Self.repository + "/Fixtures/keys/demo-bureau-signing", encoding: .utf8)
        try PrivateKeyFile.write(keyText, to: root + "/keys/bureau-signing")
        key = try SSHEd25519SigningKey(openSSHPrivateKey: keyText)
        try """
            version: 1
            name: reconcile-test
            inbox: inbox
            output: out
            keys:
              identity: keys/bureau.agekey
              signing: keys/bureau-signing
            """.write(toFile: root + "/pipeline.yml", atomically: true, encoding: .utf8)
        pipeline = try PipelineDefinition.load(path: root + "/pipeline.yml")
        try fm.createDirectory(atPath: pipeline.output, withIntermediateDirectories: true)
        ledger = try Ledger(path: pipeline.ledgerPath)
        // The drop as the stages before reconcile leave it: registered, its jobs issued, its order kept typed.
        _ = try DropWorkFolder(path: root + "/work").order(schemaFile: Self.repository + "/Pipelines/schemas/order-v1.xsd")
        try ledger.registerIngestedDrop(
            DropRecord(id: Self.dropID, customer: "cust-01", name: "drop-20261101-01", state: .received, registeredAt: Self.now,
                       originalsPath: root + "/received", workPath: root + "/work", sourcePath: root + "/inbox", dataKeyRecipient: "",
                       cardFileCount: 1, cardBytes: 0),
            delivery: DeliveryRecord(dropID: Self.dropID, customer: "cust-01", name: "drop-20261101-01", kind: .first,
                                     receivedAt: Self.now, keptAt: root + "/received"),
            step: StepRecord(dropID: Self.dropID, stage: "ingest", completedAt: Self.now, summary: ""), events: [],
            actor: "system", host: "test-host", at: Self.now)
        for action in [DropAction.validate, .issueJobs, .reportProduction] {
            try ledger.transition(DropTransition(dropID: Self.dropID, action: action, actor: "system", host: "test-host", reason: "set-up"),
                                  at: Self.now)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Records the fixtures' destruction DES-2026-0007 (one C01-DEBIT card, CD000004) as signed in the ledger, as
    /// `cardprep stock destroy` does, by `executor` and `witnesses` (default: bob; erin, alice and dave). The statement
    /// row stands for one that verified (the signing itself is tested with the command).
    func signDestruction(
        _ id: String = "DES-2026-0007", serials: String = "CD000004", quantity: Int = 1,
        executor: SignedDestruction.Signer = .init(duty: "executor", person: "bob", department: .security),
        witnesses: [SignedDestruction.Signer] = [
            .init(duty: "production-witness", person: "erin", department: .production),
            .init(duty: "security-witness", person: "alice", department: .security),
            .init(duty: "warehouse-witness", person: "dave", department: .warehouse),
        ]
    ) throws {
        let destruction = SignedDestruction(
            id: id, time: ReconciliationExamples.time("2026-11-04T16:00:00Z"), place: "Secure room 2", method: .shredding,
            product: "C01-DEBIT", quantity: quantity, serials: serials.split(separator: ";").compactMap { SerialRange(String($0)) },
            cctv: "CAM2-20261104-1600", executor: executor, witnesses: witnesses)
        let digest = String(repeating: "\(id.count % 10)", count: 64)
        let statement = SignedStatementRecord(
            digest: digest, action: "cards.destroy", subject: "destruction \(id)", nonce: String(digest.prefix(32)),
            requestedAt: Self.now, acceptedAt: Self.now, signers: "", keys: "", text: "", signatures: "")
        _ = try ledger.recordSignedDestruction(
            SignedDestructionRecord(destruction, reason: "spoiled", statement: digest, stockAccount: nil, recordedAt: Self.now),
            statement: statement, movement: nil,
            event: AuditEvent(event: "cards.destroyed", actor: executor.person, host: "test-host"), at: Self.now)
    }

    /// The stage reading the fixture set `set` (`clean`, `missing-card`, …).
    func stage(_ set: String) -> ReconcileStage {
        let context = RunContext(now: { Self.now }, actor: "tester", host: "test-host",
                                 logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let stage = ReconcileStage(pipeline: pipeline, ledger: ledger, context: context,
                                   inputsFolder: Self.repository + "/Fixtures/reconcile/" + set)
        return stage
    }

    func run(_ set: String) throws -> ReconcileReport { try stage(set).run(workPath: root + "/work", dropID: Self.dropID) }

    var output: String { root + "/work/reconcile" }
}

@Suite("Reconcile stage")
struct ReconcileStageTests {
    /// Each defect set with the finding it plants and, after it, what follows from it: in `good-and-spoiled` the spoiled
    /// card's serial was typed as a good card's, so the destruction of CD000004 names a serial the floor no longer reports.
    static let defects: [(set: String, code: ReconciliationCode, following: [ReconciliationCode])] = [
        ("missing-card", .cardMissing, []), ("good-and-spoiled", .serialGoodAndSpoiled, [.destructionUnknownSerial]),
        ("short-shipped", .deliveryQuantity, []), ("unsigned-destruction", .destructionUnsigned, []),
        ("count-variance", .stockCountVariance, []),
    ]

    @Test func theCleanFixtureReconcilesWithNoFindingAndExitsZero() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let report = try fixture.run("clean")
        #expect(report.findings == [])
        #expect(report.exitCode == .ok)
        #expect(report.branches.map { "\($0.branch) \($0.product) \($0.ordered)/\($0.good)/\($0.delivered)" } == [
            "BR01 C01-ACCESS 6/6/6", "BR01 C01-DEBIT 6/6/6", "HQ C01-ACCESS 6/6/6", "HQ C01-DEBIT 6/6/6"])
        #expect(report.shipments.map(\.received) == ["2026-11-06T10:12:00.000Z", "2026-11-06T14:40:00.000Z"])
        #expect(report.pendingDestruction.isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: fixture.output).sorted()
        #expect(files == ["delivery-list-SHP-0001.html", "delivery-list-SHP-0001.html.sig", "delivery-list-SHP-0001.txt",
                          "delivery-list-SHP-0001.txt.sig", "delivery-list-SHP-0002.html", "delivery-list-SHP-0002.html.sig",
                          "delivery-list-SHP-0002.txt", "delivery-list-SHP-0002.txt.sig", "report.csv", "report.html", "report.html.sig",
                          "report.json", "report.json.sig"])
        let decoded = try JSONDecoder().decode(ReconcileReport.self, from: Data(contentsOf: URL(fileURLWithPath: fixture.output + "/report.json")))
        #expect(decoded.orderID == "ORD-20261101-01" && decoded.findings.isEmpty)
        #expect(try fixture.ledger.steps(of: ReconcileFixture.dropID).map(\.stage) == ["ingest", "reconcile"])
        #expect(try fixture.ledger.auditEntries().map(\.event).filter { $0 != "drop.state" } == [
            "cards.destroyed", "stock.received", "stock.received", "stock.issued", "stock.issued", "stock.returned",
            "stock.count", "stock.count", "stock.posted", "reconcile.clean",
        ])
        #expect(try fixture.ledger.drop(id: ReconcileFixture.dropID)?.state == .reconciled)
    }

    @Test("each defect fixture produces exactly its finding", arguments: defects.indices)
    func defectFixture(_ index: Int) throws {
        let (set, code, following) = Self.defects[index]
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let report = try fixture.run(set)
        #expect(report.findings.map(\.code) == [code] + following, "\(set)")
        #expect(report.exitCode == .discrepancyFound)
        let csv = try String(contentsOfFile: fixture.output + "/report.csv", encoding: .utf8)
        #expect(csv.split(separator: "\r\n").count == 2 + following.count)
        #expect(csv.contains(code.rawValue))
        let html = try String(contentsOfFile: fixture.output + "/report.html", encoding: .utf8)
        #expect(html.contains(code.rawValue))
    }

    @Test func findingsNameWhereAndTheFigures() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let short = try fixture.run("short-shipped").findings[0]
        #expect(short.location.branch == "BR01" && short.location.product == "C01-DEBIT" && short.location.shipment == "SHP-0002")
        #expect(short.expected == 6 && short.actual == 5)
        let missing = try fixture.run("missing-card").findings[0]
        #expect(missing.location.batch == "204e54c8aed0-J02-B002" && missing.message.contains("sequence 9"))
        let unsigned = try fixture.run("unsigned-destruction").findings[0]
        #expect(unsigned.location.destruction == "DES-2026-0008" && unsigned.location.serialRange == "CD000004")
        #expect(unsigned.message.contains("no signed record"))
    }

    @Test func aDestructionNobodySignedIsAFindingAndTheDropIsInDiscrepancy() throws {
        let fixture = try ReconcileFixture()
        let report = try fixture.run("clean")
        #expect(report.findings.map(\.code) == [.destructionUnsigned])
        #expect(report.findings[0].location.destruction == "DES-2026-0007")
        #expect(report.pendingDestruction.map(\.serial) == ["CD000004"])
        #expect(try fixture.ledger.drop(id: ReconcileFixture.dropID)?.state == .discrepancy)
    }

    @Test func aRowDifferingFromItsSignedRecordNamesWhatDiffers() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction(serials: "CD000004-CD000005", quantity: 2)
        let findings = try fixture.run("clean").findings
        #expect(findings.map(\.code) == [.destructionUnsigned])
        #expect(findings[0].message.contains("quantity: signed 2, destruction.csv 1"), "\(findings[0].message)")
        #expect(findings[0].message.contains("serials: signed CD000004-CD000005, destruction.csv CD000004"))
    }

    @Test func theWitnessesAreThePeopleWhoSignedNotTheNamesInTheFile() throws {
        // A pipeline whose dual_control let a security officer witness for the warehouse: the file's names say
        // "Dave Novak:warehouse", the signed record says bob of security.
        let fixture = try ReconcileFixture()
        try fixture.signDestruction(witnesses: [
            .init(duty: "production-witness", person: "erin", department: .production),
            .init(duty: "security-witness", person: "alice", department: .security),
            .init(duty: "warehouse-witness", person: "carol", department: .security),
        ])
        let witnesses = try fixture.run("clean").findings
        #expect(witnesses.map(\.code) == [.destructionWitnesses])
        #expect(witnesses[0].location.destruction == "DES-2026-0007" && witnesses[0].location.serialRange == "CD000004")
        #expect(witnesses[0].expected == 3 && witnesses[0].actual == 2)
        #expect(witnesses[0].message.contains("carol (security)") && witnesses[0].message.contains("from warehouse"))
    }

    @Test func aSignedDestructionCountsWithoutARowInTheFloorsFile() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        let inputs = fixture.root + "/no-destruction-file"
        try FileManager.default.copyItem(atPath: ReconcileFixture.repository + "/Fixtures/reconcile/clean", toPath: inputs)
        try FileManager.default.removeItem(atPath: inputs + "/ORD-20261101-01/destruction.csv")
        let context = RunContext(now: { ReconcileFixture.now }, actor: "tester", host: "test-host",
                                 logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let report = try ReconcileStage(pipeline: fixture.pipeline, ledger: fixture.ledger, context: context, inputsFolder: inputs)
            .run(workPath: fixture.root + "/work", dropID: ReconcileFixture.dropID)
        #expect(report.findings == [])
        #expect(report.pendingDestruction.isEmpty)
    }

    @Test func aRerunWritesTheSameBytes() throws {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        _ = try fixture.run("clean")
        let first = try ["report.json", "report.csv", "report.html", "delivery-list-SHP-0001.txt"].map {
            try Data(contentsOf: URL(fileURLWithPath: fixture.output + "/" + $0))
        }
        _ = try fixture.run("clean")
        let second = try ["report.json", "report.csv", "report.html", "delivery-list-SHP-0001.txt"].map {
            try Data(contentsOf: URL(fileURLWithPath: fixture.output + "/" + $0))
        }
        #expect(first == second)
    }

    @Test func theHTMLReportIsSelfContained() throws {
        let fixture = try ReconcileFixture()
        _ = try fixture.run("count-variance")
        let html = try String(contentsOfFile: fixture.output + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg"))
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for external in ["http:", "https:", "<script", "<link", "src=", "url("] {
            #expect(!withoutNamespace.contains(external), "\(external)")
        }
    }
}
