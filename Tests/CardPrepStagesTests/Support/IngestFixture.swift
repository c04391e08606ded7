import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import Logging

@testable import CardPrepStages

/// A complete pipeline in a temporary folder: bureau keys, a customer signing key, generated drops in the
/// inbox, profiles, and a pipeline definition. Removed when released.
final class IngestFixture {
    let root: String
    let keys: BureauKeySet
    let customerKey = SSHEd25519SigningKey.generate()
    var pipeline: PipelineDefinition
    var generated: FixtureGenerator.Result

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    init(customers: Int = 3, cards: Int = 12, injections: [FixtureInjection: Int] = [:], signed: Bool = true,
         stages: [String] = ["ingest"], seed: UInt64 = 11, date: String = "2026-11-01", vault: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString)").path
        keys = try BureauKeySet.generate(in: root + "/keys", principal: "cardprep@test", now: Date())
        let definition = """
            version: 1
            name: test
            inbox: inbox
            output: out
            customers: customers
            machines: \(Self.packageRoot)/Pipelines/machines
            order_schema: \(Self.packageRoot)/Pipelines/schemas/order-v1.xsd
            keys:
              identity: keys/bureau.agekey
              signing: keys/bureau-signing
              fingerprint: keys/fingerprint.key
            stages: [\(stages.joined(separator: ", "))]
            inbox_rules:
              settle: 0s
              stale_after: 6h
            """ + (vault ? """

            vault:
              recipients: keys/bureau.agekey.pub
              identity: keys/bureau.agekey
            """ : "")
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        try definition.write(toFile: root + "/pipeline.yml", atomically: true, encoding: .utf8)
        pipeline = try PipelineDefinition.load(path: root + "/pipeline.yml")
        generated = try FixtureGenerator(.init(
            outputFolder: root + "/generated", customers: customers, cardsPerDrop: cards, seed: seed,
            date: CalendarDate(date)!, recipients: [try AgeX25519Recipient(bech32: keys.recipient)],
            signingKey: signed ? customerKey : nil, profilesFolder: root + "/customers", injections: injections
        )).generate()
        for drop in generated.drops { try deliver(drop) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Copies a generated drop into the inbox, under another name if given.
    func deliver(_ drop: FixtureGenerator.GeneratedDrop, as name: String? = nil) throws {
        let target = root + "/inbox/" + drop.customer + "/" + (name ?? drop.drop)
        try FileManager.default.createDirectory(atPath: root + "/inbox/" + drop.customer, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: drop.path, toPath: target)
    }

    func inboxPath(_ drop: FixtureGenerator.GeneratedDrop, name: String? = nil) -> String {
        root + "/inbox/" + drop.customer + "/" + (name ?? drop.drop)
    }

    /// Writes a new manifest and customer signature over the order and card data file in the inbox folder
    /// `folder`, as a customer does after changing a file.
    func reseal(_ folder: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        let orderFile = files.first { $0.hasSuffix(".xml") }!, cardFile = files.first { $0.hasSuffix(".age") }!
        let manifest = DropManifest(entries: try [orderFile, cardFile].map {
            DropManifest.Entry(name: $0, sha256: try FileDigest.sha256(path: folder + "/" + $0))
        })
        try Data(manifest.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + DropManifest.fileName))
        var message = MemoryByteSource(Array(manifest.text.utf8))
        try SSHSignature.sign(&message, namespace: "cardprep-drop", with: customerKey)
            .write(toFile: folder + "/" + DropManifest.signatureFileName, atomically: true, encoding: .utf8)
    }

    func drop(customer: String) -> FixtureGenerator.GeneratedDrop { generated.drops.first { $0.customer == customer }! }

    /// Runs ingest with the clock at `now`.
    @discardableResult
    func ingest(now: Date = Date()) throws -> IngestReport {
        try run(now: now).ingest!
    }

    /// Runs the pipeline's stages with the clock at `now`.
    @discardableResult
    func run(now: Date = Date(), dryRun: Bool = false) throws -> PipelineRun.Report {
        var context = context(now: now)
        context.dryRun = dryRun
        return try PipelineRun(pipeline: pipeline, context: context).run()
    }

    /// The context of the fixture's runs and decisions, with the clock at `now`.
    func context(now: Date = Date()) -> RunContext {
        RunContext(now: { now }, actor: "system", host: "test-host", logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    /// Moves a drop along the lifecycle by `actions` (test set-up for stages tried on their own).
    func move(_ dropID: String, _ actions: [DropAction]) throws {
        let ledger = try ledger()
        for action in actions {
            try ledger.transition(DropTransition(dropID: dropID, action: action, actor: "system", host: "test-host", reason: "test set-up"),
                                  at: Date())
        }
    }

    /// Decrypts a job file with the demo station key.
    func jobText(_ job: JobManifest.Job) throws -> String {
        String(decoding: try decrypt(pipeline.jobsOutbox + "/" + job.file, identityFile: stationKeyFile), as: UTF8.self)
    }

    var stationKeyFile: String {
        let path = root + "/keys/station.agekey"
        if !FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.copyItem(atPath: Self.packageRoot + "/Fixtures/keys/demo-station.agekey", toPath: path)
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
        return path
    }

    func ledger() throws -> Ledger { try Ledger(path: pipeline.ledgerPath) }

    /// The plaintext of a generated drop's card data, decrypted in memory with the bureau key.
    func plaintext(of drop: FixtureGenerator.GeneratedDrop) throws -> [UInt8] {
        let name = try FileManager.default.contentsOfDirectory(atPath: drop.path).first { $0.hasSuffix(".age") }!
        return try decrypt(drop.path + "/" + name, identityFile: root + "/keys/bureau.agekey")
    }

    func decrypt(_ path: String, identityFile: String) throws -> [UInt8] {
        try decrypt(path, identities: try AgeKeyText.identities(parsing: try PrivateKeyFile.read(identityFile)))
    }

    func decrypt(_ path: String, identities: [any AgeIdentity]) throws -> [UInt8] {
        let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: path), identities: identities)
        return try source.readAll()
    }

    func outcome(_ report: IngestReport, customer: String) -> IngestOutcome.Kind? {
        report.outcomes.first { $0.customer == customer }?.kind
    }
}
