import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import Logging
import Testing

@testable import CardPrepStages

@Suite struct IngestStageTests {
    @Test func completeDropsAreRegisteredReencryptedAndKeptAsReceived() throws {
        let fixture = try IngestFixture()
        let report = try fixture.ingest()
        #expect(report.ingested == 3)
        #expect(report.quarantined == 0)
        let ledger = try fixture.ledger()
        let drops = try ledger.drops()
        #expect(drops.count == 3)
        for record in drops {
            let generated = fixture.drop(customer: record.customer)
            // The inbox folder moved to received/, unchanged.
            #expect(!FileManager.default.fileExists(atPath: fixture.inboxPath(generated)))
            #expect(try FileManager.default.contentsOfDirectory(atPath: record.originalsPath).sorted()
                    == FileManager.default.contentsOfDirectory(atPath: generated.path).sorted())
            // The working copy holds the same plaintext under the drop's own key, and the bureau key cannot open it.
            let work = record.workPath + "/cards/" + (try FileManager.default.contentsOfDirectory(atPath: record.workPath + "/cards").first!)
            // The drop's key is stored wrapped to the bureau key, never in clear.
            let keyFile = fixture.pipeline.dataKeyFolder + "/" + record.id + DataKeyStore.wrappedSuffix
            let stored = try Data(contentsOf: URL(fileURLWithPath: keyFile))
            #expect(stored.starts(with: Data("age-encryption.org/v1\n".utf8)))
            #expect(stored.range(of: Data("AGE-SECRET-KEY-".utf8)) == nil)
            #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
            #expect(try fixture.decrypt(keyFile, identityFile: fixture.root + "/keys/bureau.agekey").count > 0)
            let identities = try DataKeyStore(pipeline: fixture.pipeline).identity(for: record.id)
            #expect(try fixture.decrypt(work, identities: identities) == fixture.plaintext(of: generated))
            #expect(throws: AgeError.noIdentityMatched) { try fixture.decrypt(work, identityFile: fixture.root + "/keys/bureau.agekey") }
            #expect(try ledger.steps(of: record.id).map(\.stage) == ["ingest"])
            let events = try ledger.auditEntries(dropID: record.id).map(\.event)
            #expect(events == ["drop.state", "drop.received", "datakey.created", "drop.ingested", "drop.state"])
            #expect(try ledger.transitions(of: record.id).map(\.toState) == [.received, .ingested])
            #expect(record.state == .ingested)
        }
        #expect(try ledger.verifyAuditChain().isEmpty)
    }

    @Test func runningAgainChangesNothing() throws {
        let fixture = try IngestFixture()
        try fixture.ingest()
        let audit = try fixture.ledger().auditEntries()
        let second = try fixture.ingest()
        #expect(second.outcomes.isEmpty)
        #expect(try fixture.ledger().auditEntries() == audit)
    }

    @Test func theSameDropDeliveredTwiceIsRegisteredOnce() throws {
        let fixture = try IngestFixture(customers: 1)
        let drop = fixture.generated.drops[0]
        try fixture.deliver(drop, as: drop.drop + "-resent")
        let report = try fixture.ingest()
        #expect(report.ingested == 1)
        #expect(report.duplicates == 1)
        let ledger = try fixture.ledger()
        #expect(try ledger.drops().count == 1)
        let deliveries = try ledger.allDeliveries()
        #expect(deliveries.map(\.kind) == [.first, .duplicate])
        #expect(FileManager.default.fileExists(atPath: deliveries[1].keptAt + "/" + DropManifest.fileName))
        // A later delivery of the same drop is a duplicate too.
        try fixture.deliver(drop, as: drop.drop + "-third")
        #expect(try fixture.ingest().duplicates == 1)
        #expect(try ledger.drops().count == 1)
        #expect(try ledger.allDeliveries().count == 3)
    }

    @Test func uploadsInProgressAreLeftUntouched() throws {
        let fixture = try IngestFixture(customers: 2)
        let noManifest = fixture.drop(customer: "cust-01"), mismatch = fixture.drop(customer: "cust-02")
        try FileManager.default.removeItem(atPath: fixture.inboxPath(noManifest) + "/" + DropManifest.fileName)
        let order = try FileManager.default.contentsOfDirectory(atPath: fixture.inboxPath(mismatch)).first { $0.hasSuffix(".xml") }!
        try Data("<order/>".utf8).write(to: URL(fileURLWithPath: fixture.inboxPath(mismatch) + "/" + order))
        let before = try snapshot(fixture.root + "/inbox")

        let report = try fixture.ingest()
        #expect(report.uploading == 2)
        #expect(report.stale == 0)
        #expect(try snapshot(fixture.root + "/inbox") == before)
        #expect(try fixture.ledger().drops().isEmpty)

        // Seven hours later both are stale; the one whose complete files do not match is quarantined.
        let later = try fixture.ingest(now: Date().addingTimeInterval(7 * 3600))
        #expect(fixture.outcome(later, customer: "cust-01") == .uploading(reason: "no MANIFEST.sha256 yet", stale: true))
        guard case .quarantined(let rejection)? = fixture.outcome(later, customer: "cust-02") else {
            Issue.record("mismatching drop not quarantined"); return
        }
        #expect(rejection.code == .digestMismatch)
    }

    @Test(arguments: [
        (FixtureInjection.truncatedFile, DropRejection.Code.ciphertextCorrupt),
        (.wrongRecipient, .wrongRecipient),
    ])
    func tamperedDropsAreQuarantinedAndTheRestGoesOn(injection: FixtureInjection, code: DropRejection.Code) throws {
        let fixture = try IngestFixture(customers: 3, injections: [injection: 1])
        let bad = fixture.generated.faults[0].customer
        let report = try fixture.ingest()
        #expect(report.ingested == 2)
        guard case .quarantined(let rejection)? = fixture.outcome(report, customer: bad) else {
            Issue.record("\(injection) not quarantined"); return
        }
        #expect(rejection.code == code)
        let quarantined = try fixture.ledger().quarantined()
        #expect(quarantined.map(\.reasonCode) == [code.rawValue])
        let reason = try String(contentsOfFile: quarantined[0].keptAt + ".reason.txt", encoding: .utf8)
        #expect(reason.contains("reason: \(code.rawValue)"))
        #expect(FileManager.default.fileExists(atPath: quarantined[0].keptAt + "/" + DropManifest.fileName))
        // Nothing of the refused drop is left in work folders or key store.
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.pipeline.workFolder).count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.pipeline.dataKeyFolder).count == 2)
    }

    @Test func signaturesAreRequiredWhenTheProfileNamesSigners() throws {
        let fixture = try IngestFixture(customers: 3)
        let forged = fixture.inboxPath(fixture.drop(customer: "cust-01")) + "/" + DropManifest.signatureFileName
        var message = MemoryByteSource(try FileByteSource(path: fixture.inboxPath(fixture.drop(customer: "cust-01")) + "/" + DropManifest.fileName).readAll())
        let otherKey = SSHEd25519SigningKey.generate()
        try SSHSignature.sign(&message, namespace: "cardprep-drop", with: otherKey).write(toFile: forged, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: fixture.inboxPath(fixture.drop(customer: "cust-02")) + "/" + DropManifest.signatureFileName)
        try FileManager.default.removeItem(atPath: fixture.root + "/customers/cust-03.yml")

        let report = try fixture.ingest()
        let codes = report.outcomes.map { outcome -> String in
            if case .quarantined(let rejection) = outcome.kind { return rejection.code.rawValue }
            return "\(outcome.kind)"
        }
        #expect(codes == ["signature-invalid", "signature-missing", "unknown-customer"])
    }

    @Test func aDropRegisteredButNotYetMovedIsFinishedNotDuplicated() throws {
        let fixture = try IngestFixture(customers: 1)
        try fixture.ingest()
        let record = try #require(try fixture.ledger().drops().first)
        // As if the run had been killed between the ledger commit and the move out of the inbox.
        try FileManager.default.moveItem(atPath: record.originalsPath, toPath: record.sourcePath)
        let report = try fixture.ingest()
        #expect(report.ingested == 1)
        #expect(report.duplicates == 0)
        #expect(try fixture.ledger().allDeliveries().count == 1)
        #expect(FileManager.default.fileExists(atPath: record.originalsPath))
    }

    @Test func leftoversOfAnInterruptedIngestAreRebuilt() throws {
        let fixture = try IngestFixture(customers: 1)
        let manifest = try FileByteSource(path: fixture.inboxPath(fixture.generated.drops[0]) + "/" + DropManifest.fileName).readAll()
        let id = FileDigest.sha256(manifest)
        let partial = fixture.pipeline.workFolder + "/" + id + ".partial/cards"
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        try Data("half-written".utf8).write(to: URL(fileURLWithPath: partial + "/junk.age"))
        try FileManager.default.createDirectory(atPath: fixture.pipeline.workFolder + "/" + id, withIntermediateDirectories: true)

        #expect(try fixture.ingest().ingested == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.pipeline.workFolder + "/" + id + ".partial"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.pipeline.workFolder + "/" + id + "/cards").count == 1)
    }

    @Test func aSecondRunWhileOneHoldsTheLockIsRefused() throws {
        let fixture = try IngestFixture(customers: 1)
        try FileManager.default.createDirectory(atPath: fixture.pipeline.output, withIntermediateDirectories: true)
        let held = try PipelineLock(path: fixture.pipeline.lockPath, wait: false)
        #expect(throws: PipelineLockError.held(path: fixture.pipeline.lockPath)) { try fixture.ingest() }
        withExtendedLifetime(held) {}
    }

    @Test func dryRunChangesNothing() throws {
        let fixture = try IngestFixture(customers: 2)
        let before = try snapshot(fixture.root + "/inbox")
        var context = RunContext(now: { Date() }, actor: "t", host: "h", logger: .init(label: "t") { _ in SwiftLogNoOpLogHandler() })
        context.dryRun = true
        let report = try PipelineRun(pipeline: fixture.pipeline, context: context).run().ingest!
        #expect(report.ingested == 2)
        #expect(try snapshot(fixture.root + "/inbox") == before)
        #expect(!FileManager.default.fileExists(atPath: fixture.pipeline.output), "no output folder, ledger or lock file")
    }

    /// Every file under `root` with its SHA-256.
    private func snapshot(_ root: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: root) {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder)
            if !isFolder.boolValue { files[path] = try FileDigest.sha256(path: root + "/" + path) }
        }
        return files
    }
}

/// Clear data keys an earlier version left are wrapped when first read.
@Suite struct DataKeyWrappingTests {
    @Test func aClearKeyIsWrappedAtItsFirstUseAndTheClearFileGoes() throws {
        let fixture = try IngestFixture(customers: 1)
        let store = try DataKeyStore(pipeline: fixture.pipeline)
        let identity = try store.create(for: "d1")
        // As an earlier version kept it: the identity in clear, owner-only.
        try FileManager.default.removeItem(atPath: store.path(for: "d1"))
        let clear = fixture.pipeline.dataKeyFolder + "/d1.agekey"
        try PrivateKeyFile.write("# data key of drop d1\n\(identity.bech32)\n", to: clear)
        let read = try store.recipients(for: "d1").compactMap { ($0 as? AgeX25519Recipient)?.bech32 }
        #expect(read == [identity.recipient.bech32])
        #expect(!FileManager.default.fileExists(atPath: clear))
        #expect(FileManager.default.fileExists(atPath: store.path(for: "d1")))
        // Wrapped to the bureau key: another bureau key cannot unwrap it.
        let other = try DataKeyStore(folder: fixture.pipeline.dataKeyFolder, wrapping: DataKeyWrapping(identities: [AgeX25519Identity.generate()], file: "-"))
        #expect(throws: AgeError.self) { try other.identity(for: "d1") }
    }
}
