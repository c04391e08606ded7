import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import Logging

@testable import CardPrepStages

/// An ingested pipeline with a vault: a vault age key (recipients and identity files), archive settings in
/// `archive.yml` beside the pipeline file, and the bureau's signing key.
final class VaultFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The run clock of the fixture: just after its drops were delivered, in whole seconds.
    let start: Date

    let ingest: IngestFixture
    let vaultIdentity = AgeX25519Identity.generate()
    let settings: ArchiveSettings
    var root: String { ingest.root }
    var pipeline: PipelineDefinition { ingest.pipeline }
    var settingsFile: String { root + "/archive.yml" }

    init(customers: Int = 2, retentionMonths: Int = 24) throws {
        ingest = try IngestFixture(customers: customers, cards: 6)
        start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 1).rounded(.up))
        let root = ingest.root, settingsFile = ingest.root + "/archive.yml"
        try PrivateKeyFile.write("\(vaultIdentity.bech32)\n", to: root + "/keys/vault.agekey")
        try "\(vaultIdentity.recipient.bech32)\n".write(toFile: root + "/keys/vault.recipients", atomically: true, encoding: .utf8)
        let text = """
            vault: vault
            recipients: keys/vault.recipients
            identity: keys/vault.agekey
            signing: keys/bureau-signing
            allowed_signers: keys/allowed_signers
            retention_months: \(retentionMonths)
            order_schema: \(Self.repositoryRoot)/Pipelines/schemas/order-v1.xsd
            """
        try text.write(toFile: settingsFile, atomically: true, encoding: .utf8)
        settings = try ArchiveSettings.load(path: settingsFile, pipeline: ingest.pipeline)
        // The settings are in place before the first run, whose audit checkpoint goes beside this vault.
        try ingest.ingest(now: start)
        // The vault tests archive drops straight after ingest: they are moved on as validate would, with their orders
        // kept typed.
        for drop in try ingest.ledger().drops() {
            let work = DropWorkFolder(drop)
            _ = try work.order(schemaFile: Self.repositoryRoot + "/Pipelines/schemas/order-v1.xsd")
            try ingest.move(drop.id, [.validate])
        }
    }

    func ledger() throws -> Ledger { try ingest.ledger() }

    func context(at time: Date? = nil) -> RunContext {
        RunContext(now: { [start] in time ?? start }, actor: "system", host: "test-host", logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    func vault(at time: Date? = nil) throws -> Vault { Vault(settings: settings, ledger: try ledger(), context: context(at: time)) }

    /// Archives every ingested drop at `time`.
    @discardableResult
    func archive(_ dropIDs: [String]? = nil, at time: Date? = nil) throws -> ArchiveReport {
        let ledger = try ledger()
        let ids = try dropIDs ?? ledger.drops().map(\.id)
        var stage = ArchiveStage(pipeline: pipeline, ledger: ledger, context: context(at: time), settings: settings)
        stage.takes.insert(.validated)  // the fixture's drops are archived as a pipeline that ends at validate would
        return try stage.run(dropIDs: ids)
    }

    /// The audit checkpoints of the fixture's pipeline, with the log beside its vault.
    func checkpoints() throws -> AuditCheckpoints { AuditCheckpoints(pipeline: pipeline, settings: settings, ledger: try ledger()) }

    /// Signs an audit checkpoint of the ledger now, as a run does at its end.
    @discardableResult
    func checkpoint(at time: Date? = nil) throws -> AuditCheckpoints.Written? {
        try checkpoints().write(signingKey: try VaultKeys(settings: settings).signingKey(), at: time ?? start)
    }

    /// Verifies the audit log against every checkpoint copy, the bundles' included.
    func auditVerification() throws -> AuditVerification {
        let keys = VaultKeys(settings: settings)
        return try AuditVerifier(
            checkpoints: try checkpoints(), ledger: try ledger(),
            trustedKeys: try keys.trustedKeys(namespace: AuditCheckpoints.namespace, at: Date()), identities: try keys.identities()
        ).verify()
    }

    /// The bundle records, oldest first.
    func bundles() throws -> [VaultBundleRecord] { try ledger().bundles(matching: VaultQuery(includePurged: true)) }

    func bundlePath(_ record: VaultBundleRecord) -> String { settings.vaultFolder + "/" + record.path }

    /// Runs an external program; returns its status and output.
    @discardableResult
    static func shell(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(input) }
        try inp.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A `vault.checkout` statement of `record` taken as signed by `borrower` and `approver`.
    func checkoutApproval(_ record: VaultBundleRecord, _ borrower: String, _ approver: String, _ reason: String) throws -> VerifiedStatement {
        try .granted(Vault.checkoutRequest(pipeline: pipeline, bundle: record, borrower: borrower, approver: approver, reason: reason), at: start)
    }

    /// A `vault.checkin` statement of the open loan of `record` taken as signed by `returner` and `receiver`.
    func checkinApproval(_ record: VaultBundleRecord, _ returner: String, _ receiver: String) throws -> VerifiedStatement {
        let loan = try ledger().openLoan(bundleID: record.id) ?? CustodyLoanRecord(
            bundleID: record.id, borrower: "-", reason: "-", approvedBy: "-", outAt: start, sha256AtCheckout: "-")
        return try .granted(
            Vault.checkinRequest(pipeline: pipeline, bundle: record, loan: loan, returner: returner, receiver: receiver, reason: "returned"),
            at: start)
    }

    /// A `vault.open` statement of the bundle at `path` into `folder` taken as signed by alice and bob.
    func openApproval(path: String, to folder: String) throws -> VerifiedStatement {
        let record = try? vault().bundle(named: path)
        return try .granted(
            Vault.openRequest(pipeline: pipeline, bundle: record, path: path, to: folder, opener: "alice", witness: "bob", reason: "inspection"),
            at: start)
    }

    /// Encrypts `plaintext` to the vault and signs it with the bureau key, as a bundle file at `path`.
    func sealForVault(_ plaintext: [UInt8], at path: String) throws {
        let sink = try AgeEncryptingSink(wrapping: MemoryByteSink(), recipients: [vaultIdentity.recipient], armored: false)
        try sink.write(plaintext)
        let encrypted = try sink.finish().bytes
        try Data(encrypted).write(to: URL(fileURLWithPath: path))
        let key = try VaultKeys(settings: settings).signingKey()
        let signature = try SSHSignature.sign(encrypted, namespace: BundleManifest.signatureNamespace, with: key)
        try signature.write(toFile: path + ".sig", atomically: true, encoding: .utf8)
    }
}
