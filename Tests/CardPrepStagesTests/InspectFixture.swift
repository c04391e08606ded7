import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Logging

@testable import CardPrepStages

/// A ledger and pipeline in a temporary folder, a clock that moves one minute per reading, and a job manifest
/// of `batches` lots of `cards` cards each.
final class InspectFixture: @unchecked Sendable {
    let root: String
    let pipeline: PipelineDefinition
    let ledger: Ledger
    private let lock = NSLock()
    private var minutes = 0

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let text = "version: 1\nname: qa\ninbox: inbox\noutput: out\nkeys:\n  identity: id.key\n"
        try text.write(toFile: root + "/pipeline.yml", atomically: true, encoding: .utf8)
        pipeline = try PipelineDefinition.load(path: root + "/pipeline.yml")
        try FileManager.default.createDirectory(atPath: pipeline.output, withIntermediateDirectories: true)
        ledger = try Ledger(path: pipeline.ledgerPath)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var context: RunContext {
        RunContext(now: { [self] in
            lock.lock(); defer { lock.unlock() }
            minutes += 1
            return Date(timeIntervalSince1970: 1_790_000_000 + Double(minutes * 60))
        }, actor: "qa-user", host: "test-host", logger: Logger(label: "test"))
    }

    static let terms = AcceptanceTerms(
        inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.10")!, majorAQL: AQL("0.65")!, minorAQL: AQL("2.5")!,
        reducedInspectionAllowed: true)

    /// A manifest of one job split in `batches` batches.
    static func manifest(batches: Int, cards: Int, dropID: String = String(repeating: "cd", count: 32)) -> JobManifest {
        let list = (0..<batches).map { index in
            JobManifest.Batch(id: "\(dropID.prefix(12))-J01-B\(String(format: "%03d", index + 1))", branch: "BR1", orderLines: [1],
                              firstSequence: index * cards + 1, cards: cards)
        }
        let job = JobManifest.Job(id: "\(dropID.prefix(12))-J01", machine: "emb1", station: .embosser, product: "VISA-CL", layout: "l",
                                  file: "j.age", sha256: "", cards: batches * cards, batches: list)
        return JobManifest(dropID: dropID, customer: "ACME", orderID: "PO-7", contract: "C-2026-01", created: "2026-11-01T00:00:00Z",
                           jobs: [job], lines: [.init(orderLine: 1, product: "VISA-CL", branch: "BR1", ordered: batches * cards,
                                                      accepted: batches * cards, rejected: 0)])
    }

    /// Draws the lot's sample with a fixed seed and records results: accepted (no defect) or not (one critical defect).
    @discardableResult
    func inspect(_ lotID: String, accept: Bool) throws -> LotDecisionRecord {
        let inspection = LotInspection(ledger: ledger, context: context)
        let (sample, _) = try inspection.drawSample(lotID: lotID, seed: Array(repeating: 7, count: 32))
        var findings = sample.serials.map { InspectionFinding(serial: $0, defectClass: nil, defectCode: "", inspector: "ana") }
        if !accept { findings.append(.init(serial: sample.serials[0], defectClass: .critical, defectCode: "CHIP-01", inspector: "ana")) }
        return try record(lotID, findings: findings)
    }

    /// Ana, of QA with the qa-inspector role, whose Ed25519 key signs the fixture's decisions.
    let inspectorKey = SSHEd25519SigningKey.generate()

    /// The register: ana alone.
    var register: PersonRegister {
        let line = inspectorKey.publicKey.authorizedKeyLine(comment: "ana@test")
        let key = try! PersonRegisterFolder.key(line, file: "ana.yml", line: nil)
        return try! PersonRegister(people: [Person(id: "ana", name: "Ana Lima", department: .qa, roles: ["qa-inspector"], keys: [key])])
    }

    /// The `qa.decide` statement of `pending`, signed by ana with her key and verified against the register.
    func signedStatement(_ pending: PendingLotDecision, reason: String = "sample inspected") throws -> VerifiedStatement {
        let request = pending.request(pipeline: pipeline, inspector: "ana", reason: reason)
        let statement = try request.statement(at: context.now(), nonce: Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) }))
        let signature = try SSHSignature.sign(Array(statement.text.utf8), namespace: Statement.signatureNamespace, with: inspectorKey)
        return try StatementVerifier(register: register, policy: DualControlPolicy()).verify(
            statement.text, path: "statement.txt", signatures: [.init(path: "statement.ana.sig", text: signature)], for: request,
            at: context.now())
    }

    /// The lot's decision from `findings`, against the register and the default `qa.decide` rule.
    func decide(
        _ inspection: LotInspection, _ lotID: String, findings: [InspectionFinding], resultsDigest: String
    ) throws -> PendingLotDecision {
        try inspection.decide(
            lotID: lotID, results: InspectionResults(findings: findings), resultsDigest: resultsDigest, register: register,
            rule: DualControlPolicy().rule(for: .qaDecide))
    }

    /// Decides the lot from `findings` and records the decision on ana's signed statement.
    @discardableResult
    func record(_ lotID: String, findings: [InspectionFinding]) throws -> LotDecisionRecord {
        let inspection = LotInspection(ledger: ledger, context: context)
        let pending = try decide(inspection, lotID, findings: findings, resultsDigest: String(repeating: "0", count: 64))
        return try inspection.record(pending, approval: try signedStatement(pending))
    }
}
