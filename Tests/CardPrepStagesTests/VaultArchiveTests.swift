import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct VaultArchiveTests {
    @Test func archivingPurgesTheDropAndTheAuditLogSaysSo() throws {
        let fixture = try VaultFixture()
        let ledger = try fixture.ledger()
        let drops = try ledger.drops()
        let report = try fixture.archive()
        #expect(report.exitCode == .ok)
        #expect(report.outcomes.allSatisfy { if case .archived = $0.kind { true } else { false } }, "\(report.outcomes)")
        for drop in drops {
            #expect(!FileManager.default.fileExists(atPath: drop.workPath))
            #expect(!FileManager.default.fileExists(atPath: drop.originalsPath))
            #expect(!FileManager.default.fileExists(atPath: fixture.pipeline.dataKeyFolder + "/" + drop.id + DataKeyStore.wrappedSuffix))
            #expect(try ledger.drop(id: drop.id)?.state == .archived)
            let events = try ledger.auditEntries(dropID: drop.id).map(\.event)
            for expected in ["bundle.written", "bundle.verified", "datakey.destroyed", "work.purged"] {
                #expect(events.contains(expected), "\(expected) missing from \(events)")
            }
            let record = try #require(try ledger.bundle(dropID: drop.id))
            #expect(FileManager.default.fileExists(atPath: fixture.bundlePath(record)))
            #expect(record.path.hasSuffix("_\(record.quantity)_\(record.id).tar.zst.age"))
            #expect(record.retainUntil == Vault.retainUntil(fixture.start, months: 24))
        }
        #expect(try ledger.verifyAuditChain().isEmpty)
        let again = try fixture.archive()
        #expect(again.outcomes.allSatisfy { $0.kind == .alreadyArchived })
        let index = try VaultIndex(settings: fixture.settings, ledger: ledger).lines()
        #expect(index.map(\.id).sorted() == drops.compactMap { try? ledger.bundle(dropID: $0.id)?.id }.sorted())
    }

    @Test func bundleVerifiesWithSSHKeygenAndListsWithBsdtar() throws {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        let record = try #require(try fixture.bundles().first)
        let path = fixture.bundlePath(record)
        let verified = try VaultFixture.shell(
            ["ssh-keygen", "-Y", "verify", "-f", fixture.root + "/keys/" + BureauKeySet.allowedSignersFileName,
             "-I", "cardprep@test", "-n", BundleManifest.signatureNamespace, "-s", path + ".sig"],
            input: try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(verified.status == 0, "\(verified.output)")
        let plain = fixture.root + "/plain.tar.zst"
        let decrypted = try VaultFixture.shell(["age", "-d", "-i", fixture.root + "/keys/vault.agekey", "-o", plain, path])
        #expect(decrypted.status == 0, "\(decrypted.output)")
        let listed = try VaultFixture.shell(["bsdtar", "-tvf", plain])
        #expect(listed.status == 0, "\(listed.output)")
        for name in ["MANIFEST", "MANIFEST.sig", "custody.jsonl", "orders/", "received/"] {
            #expect(listed.output.contains(name), "\(name) not listed:\n\(listed.output)")
        }
        #expect(listed.output.contains("cardprep"))
    }

    @Test func theTarPartIsDeterministic() throws {
        let fixture = try VaultFixture(customers: 1)
        let ledger = try fixture.ledger()
        let drop = try #require(try ledger.drops().first)
        let files = try BundleFile.gather(drop: drop, ledger: ledger) + [BundleFile(name: "reports/acceptance.json", contents: .bytes(Array("{}".utf8)))]
        let identity = BundleIdentity(
            dropID: drop.id,
            orders: [try DropWorkFolder(drop).order(schemaFile: fixture.settings.orderSchemaFile)])
        let writer = BundleWriter(
            settings: fixture.settings, signingKey: try VaultKeys(settings: fixture.settings).signingKey(),
            recipients: try VaultKeys(settings: fixture.settings).recipients())
        func archive() throws -> [UInt8] {
            let manifest = try BundleWriter.manifest(files: files, drop: drop, identity: identity, created: fixture.start)
            return try writer.writeArchive(files: files, manifest: manifest, created: fixture.start, into: MemoryByteSink()).bytes
        }
        let first = try archive()
        #expect(first == (try archive()))
        let entries = try SafeArchiveReader(source: MemoryByteSource(first)).list()
        #expect(entries.map(\.name) == EntryName.bundleOrder(entries.map(\.name)))
        #expect(entries.allSatisfy { $0.modificationTime == fixture.start })
        #expect(identity.quantity > 0 && identity.contract != "" && identity.date == "2026-11-01")
    }

    @Test func anExistingBundleIsNeverOverwritten() throws {
        let fixture = try VaultFixture(customers: 1)
        let ledger = try fixture.ledger()
        let drop = try #require(try ledger.drops().first)
        let identity = BundleIdentity(bundleID: "0123456789abcdef", contract: "C/../x", unit: "U1", product: "P1", date: "2026-11-01", quantity: 3)
        #expect(identity.relativePath == "C_.._x/U1/P1/2026-11-01_3_0123456789abcdef.tar.zst.age")
        let writer = BundleWriter(
            settings: fixture.settings, signingKey: try VaultKeys(settings: fixture.settings).signingKey(),
            recipients: try VaultKeys(settings: fixture.settings).recipients())
        let files = try BundleFile.gather(drop: drop, ledger: ledger)
        _ = try writer.write(files: files, drop: drop, identity: identity, created: fixture.start)
        #expect(throws: VaultError.self) { try writer.write(files: files, drop: drop, identity: identity, created: fixture.start) }
    }
}
