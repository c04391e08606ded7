import CardPrepCore
import CardPrepIO
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// The files used are the files verified: a file of a drop replaced after the inbox scan checked it never reaches
/// the work folder, the kept originals or the vault; the drop is ingested with the signed bytes or quarantined.
@Suite struct IngestVerifiedCopyTests {
    /// The forged delivery address put into the swapped-in orders.
    static let forgedStreet = "Smugglers Lane"

    @Test func aForgedOrderSwappedInWhileIngestRunsNeverReachesTheWorkFolder() throws {
        var counts: [String: Int] = [:]
        var swaps = 0
        for attempt in 0..<64 {
            let fixture = try IngestFixture(customers: 1, cards: 4, seed: 700 + UInt64(attempt))
            let drop = fixture.generated.drops[0]
            let folder = fixture.inboxPath(drop)
            let orderName = try #require(
                try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".xml") })
            let signedOrder = try FileByteSource(path: folder + "/" + orderName).readAll()
            let signedManifest = try FileByteSource(path: folder + "/" + DropManifest.fileName).readAll()
            let signedSignature = try FileByteSource(path: folder + "/" + DropManifest.signatureFileName).readAll()
            let forgedOrder = Array(
                String(decoding: signedOrder, as: UTF8.self)
                    .replacingOccurrences(of: "Harbour Road", with: Self.forgedStreet).utf8)
            try #require(forgedOrder != signedOrder)

            let swapper = try FileSwapper(
                target: folder + "/" + orderName, versions: [signedOrder, forgedOrder],
                scratch: fixture.root + "/swap")
            let report = try swapper.during { try fixture.ingest() }
            swaps += swapper.swaps

            let outcome = try #require(fixture.outcome(report, customer: drop.customer), "attempt \(attempt)")
            let output = fixture.pipeline.output
            #expect(try SwapEvidence.files(under: output + "/work", containing: Self.forgedStreet).isEmpty, "attempt \(attempt)")
            #expect(
                try SwapEvidence.files(under: output + "/received", containing: Self.forgedStreet).isEmpty, "attempt \(attempt)")
            let ledger = try fixture.ledger()
            switch outcome {
            case .ingested:
                let record = try #require(try ledger.drops().first, "attempt \(attempt)")
                #expect(try FileByteSource(path: record.workPath + "/orders/" + orderName).readAll() == signedOrder)
                #expect(try FileByteSource(path: record.originalsPath + "/" + orderName).readAll() == signedOrder)
                #expect(try FileByteSource(path: record.originalsPath + "/" + DropManifest.fileName).readAll() == signedManifest)
                #expect(
                    try FileByteSource(path: record.originalsPath + "/" + DropManifest.signatureFileName).readAll()
                        == signedSignature)
                #expect(!FileManager.default.fileExists(atPath: folder), "attempt \(attempt)")
                counts["ingested", default: 0] += 1
            case let .quarantined(rejection):
                #expect(rejection.code == .digestMismatch, "attempt \(attempt): \(rejection)")
                #expect(rejection.message.contains(orderName), "attempt \(attempt): \(rejection)")
                #expect(try ledger.drops().map(\.state) == [.quarantined], "quarantined drops are registered in their state")
                #expect(try ledger.quarantined().map(\.reasonCode) == [DropRejection.Code.digestMismatch.rawValue])
                #expect((try? FileManager.default.contentsOfDirectory(atPath: fixture.pipeline.workFolder)) ?? [] == [])
                #expect((try? FileManager.default.contentsOfDirectory(atPath: fixture.pipeline.dataKeyFolder)) ?? [] == [])
                counts["quarantined", default: 0] += 1
            case .uploading:
                // The scan itself saw the forged order: the drop is left in the inbox, untouched and unregistered.
                #expect(try ledger.drops().isEmpty)
                counts["uploading", default: 0] += 1
            case .duplicate:
                Issue.record("attempt \(attempt): a first delivery taken for a duplicate")
            }
        }
        // The swaps must have hit the copy itself, not only the scan.
        #expect((counts["quarantined"] ?? 0) > 0, "\(counts), \(swaps) swaps")
        #expect((counts["ingested"] ?? 0) + (counts["quarantined"] ?? 0) >= 8, "\(counts), \(swaps) swaps")
    }

    @Test func filesChangedAfterTheCheckAreNotCopiedAndTheCheckedSignatureIsKept() throws {
        let fixture = try IngestFixture(customers: 1, cards: 4)
        let drop = InboxDrop(
            customer: fixture.generated.drops[0].customer, name: fixture.generated.drops[0].drop,
            path: fixture.inboxPath(fixture.generated.drops[0]))
        let scanner = InboxScanner(inbox: fixture.root + "/inbox", settleTime: .zero, staleAfter: .seconds(3600))
        guard case let .ready(manifest, manifestText, _) = try scanner.status(of: drop, now: Date()) else {
            Issue.record("the generated drop is not ready"); return
        }
        let signature = try DropSignatureCheck(customersFolder: fixture.pipeline.customersFolder)
            .verify(drop, manifest: manifest, manifestText: manifestText)
        let copy = DropWorkCopy(drop: drop, manifest: manifest, manifestText: manifestText, signature: signature)

        // After the check: the signature is replaced and an unlisted file appears. Neither is kept.
        try Data("forged".utf8).write(to: URL(fileURLWithPath: drop.path + "/" + DropManifest.signatureFileName))
        try Data("extra".utf8).write(to: URL(fileURLWithPath: drop.path + "/extra.xml"))
        let staged = fixture.root + "/staged"
        try copy.stageOriginals(in: staged)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: staged).sorted()
                == (manifest.entries.map(\.name) + [DropManifest.fileName, DropManifest.signatureFileName]).sorted())
        #expect(try FileByteSource(path: staged + "/" + DropManifest.signatureFileName).readAll() == signature.bytes)
        #expect(try FileByteSource(path: staged + "/" + DropManifest.fileName).readAll() == manifestText)

        // The order replaced after the check: the copy is refused and leaves nothing behind.
        let order = try #require(manifest.entries.first { $0.name.hasSuffix(".xml") })
        try Data("<order/>".utf8).write(to: URL(fileURLWithPath: drop.path + "/" + order.name))
        let work = fixture.root + "/work.partial"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let identities = try AgeKeyText.identities(parsing: try PrivateKeyFile.read(fixture.pipeline.identityFile))
        let reencryption = CardDataReencryption(
            bureauIdentities: identities, dataKeyRecipient: AgeX25519Identity.generate().recipient)
        do {
            _ = try copy.make(in: work, reencryption: reencryption)
            Issue.record("a changed order was copied")
        } catch let rejection as DropRejection {
            #expect(rejection.code == .digestMismatch)
            #expect(rejection.message.contains(order.name))
        }
        #expect(try SwapEvidence.regularFiles(under: work).allSatisfy { !$0.hasPrefix("orders/") && !$0.contains(".tmp") })
    }

    @Test func cardDataThatIsNotTheSignedBytesIsRefusedAndNothingIsKept() throws {
        let fixture = try IngestFixture(customers: 2, cards: 4)
        let (first, second) = (fixture.generated.drops[0], fixture.generated.drops[1])
        let cardFile = { (drop: FixtureGenerator.GeneratedDrop) in
            try #require(try FileManager.default.contentsOfDirectory(atPath: drop.path).first { $0.hasSuffix(".age") })
        }
        let signedDigest = try FileDigest.sha256(path: first.path + "/" + cardFile(first))
        let identities = try AgeKeyText.identities(parsing: try PrivateKeyFile.read(fixture.pipeline.identityFile))
        let reencryption = CardDataReencryption(
            bureauIdentities: identities, dataKeyRecipient: AgeX25519Identity.generate().recipient)
        let out = fixture.root + "/reencrypted"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // Valid ciphertext to the bureau's key, but another drop's: decrypts fine, and is refused by its digest.
        // A file that is not age at all: refused by its digest too, not taken for corrupt ciphertext.
        for source in try [second.path + "/" + cardFile(second), first.path + "/" + DropManifest.fileName] {
            do {
                _ = try reencryption.reencrypt(
                    source: source, expectedSHA256: signedDigest,
                    destination: out + "/cards.age", originalCopy: out + "/kept.age")
                Issue.record("\(source) was accepted")
            } catch let rejection as DropRejection {
                #expect(rejection.code == .digestMismatch, "\(rejection)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
        }
        let result = try reencryption.reencrypt(
            source: first.path + "/" + cardFile(first), expectedSHA256: signedDigest,
            destination: out + "/cards.age", originalCopy: out + "/kept.age")
        #expect(try FileDigest.sha256(path: out + "/kept.age") == signedDigest)
        let kept = try FileByteSource(path: out + "/kept.age").readAll()
        #expect(result.receivedBytes == Int64(kept.count))
    }
}
