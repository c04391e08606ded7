import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct VaultVerifyTests {
    /// One archived drop, and a verifier of its vault.
    static func archived() throws -> (VaultFixture, VaultBundleRecord, VaultVerifier) {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        let record = try #require(try fixture.bundles().first)
        return (fixture, record, try fixture.vault().verifier(decrypt: true))
    }

    @Test func anUntouchedBundleVerifiesWithAndWithoutReadingData() throws {
        let (fixture, record, _) = try Self.archived()
        for readData in [false, true] {
            let result = try fixture.vault().verify(record, readData: readData)
            #expect(result.passed, "\(result.faults)")
            #expect(result.entriesChecked >= 4)
            #expect(result.manifest?.dropID == record.dropID)
        }
    }

    @Test(arguments: [0, 40, 200, 1000, -300, -1])
    func oneFlippedByteOfTheBundleFailsAndNamesTheSignature(offset: Int) throws {
        let (fixture, record, verifier) = try Self.archived()
        let path = fixture.bundlePath(record)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let index = offset >= 0 ? offset : bytes.count + offset
        bytes[index] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = verifier.verify(path: path, readData: false, expectedSHA256: record.sha256)
        #expect(!result.passed)
        #expect(result.faults.contains { $0.subject == "signature" }, "\(result.faults)")
        #expect(result.faults.contains { $0.subject == "bundle" }, "\(result.faults)")
        #expect(result.faults.count >= 3, "decrypting a flipped byte fails too: \(result.faults)")
    }

    @Test(arguments: [40, 120, -40])
    func oneFlippedByteOfTheSignatureFailsAndNamesIt(offset: Int) throws {
        let (fixture, record, verifier) = try Self.archived()
        let path = fixture.bundlePath(record) + ".sig"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let index = offset >= 0 ? offset : bytes.count + offset
        bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = verifier.verify(path: fixture.bundlePath(record), readData: true, expectedSHA256: record.sha256)
        #expect(result.faults.map(\.subject) == ["signature"], "\(result.faults)")
    }

    @Test func aTamperedInnerEntryFailsReadDataNamingTheEntry() throws {
        let (fixture, _, verifier) = try Self.archived()
        let good = Array("<order>good</order>\n".utf8), evil = Array("<order>evil</order>\n".utf8)
        let manifest = BundleManifest(
            dropID: "d", drop: "drop", customer: "c", contract: "K", unit: "U", product: "P", date: "2026-11-01", quantity: 1,
            counts: [:], created: "2026-11-01T00:00:00.000Z",
            entries: [.init(name: "orders/order.xml", size: Int64(good.count), sha256: FileDigest.sha256(good))])
        let manifestBytes = try manifest.encoded()
        let key = try VaultKeys(settings: fixture.settings).signingKey()
        let writer = try TarZstdWriter(sink: MemoryByteSink(), modificationTime: fixture.start)
        try writer.add(file: "MANIFEST", bytes: manifestBytes)
        try writer.add(file: "MANIFEST.sig", bytes: Array(try SSHSignature.sign(manifestBytes, namespace: "cardprep-bundle", with: key).utf8))
        try writer.add(file: "orders/order.xml", bytes: evil)
        try writer.add(file: "zz-extra.txt", bytes: [1])
        try writer.finish()
        let path = fixture.root + "/tampered.tar.zst.age"
        try fixture.sealForVault(writer.sink.bytes, at: path)
        let structure = verifier.verify(path: path, readData: false)
        #expect(structure.faults == [.entryUnexpected(name: "zz-extra.txt")])
        let full = verifier.verify(path: path, readData: true)
        #expect(full.faults.map(\.subject) == ["orders/order.xml", "zz-extra.txt"], "\(full.faults)")
        #expect(full.faults.first?.description.contains("SHA-256") == true)
    }

    @Test func aMissingManifestAnUnknownVersionAndABadManifestSignatureAreAllReported() throws {
        let (fixture, _, verifier) = try Self.archived()
        let writer = try TarZstdWriter(sink: MemoryByteSink(), modificationTime: fixture.start)
        try writer.add(file: "orders/order.xml", bytes: [1, 2])
        try writer.finish()
        try fixture.sealForVault(writer.sink.bytes, at: fixture.root + "/bare.age")
        let bare = verifier.verify(path: fixture.root + "/bare.age", readData: true)
        #expect(bare.faults.contains(.manifestMissing) && bare.faults.contains(.manifestSignatureMissing))
        let future = try TarZstdWriter(sink: MemoryByteSink(), modificationTime: fixture.start)
        try future.add(file: "MANIFEST", bytes: Array(#"{"format":"cardprep-bundle/9"}"#.utf8))
        try future.add(file: "MANIFEST.sig", bytes: Array("not a signature".utf8))
        try future.finish()
        try fixture.sealForVault(future.sink.bytes, at: fixture.root + "/future.age")
        let result = verifier.verify(path: fixture.root + "/future.age", readData: false)
        #expect(result.faults.contains(.unknownFormat("cardprep-bundle/9")))
        #expect(result.faults.contains { $0.subject == "MANIFEST.sig" })
    }

    @Test func aBundleForAnotherKeyIsReportedAsUndecryptable() throws {
        let (fixture, record, _) = try Self.archived()
        let other = VaultVerifier(
            trustedKeys: [try VaultKeys(settings: fixture.settings).signingPublicKey()], identities: [AgeX25519Identity.generate()])
        let result = other.verify(path: fixture.bundlePath(record), readData: true)
        #expect(result.faults.map(\.subject) == ["encryption"], "\(result.faults)")
    }
}
