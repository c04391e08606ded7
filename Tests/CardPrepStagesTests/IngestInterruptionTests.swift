import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Logging
import Testing

@testable import CardPrepStages

/// The states a kill can leave ingest in, set up by hand, and what the next run makes of them.
@Suite struct IngestInterruptionTests {
    @Test func aRegisteredDropWhoseOriginalsAreStillStagedIsFinishedAtTheNextRunsStart() throws {
        let fixture = try IngestFixture(customers: 1, cards: 4)
        let drop = fixture.generated.drops[0]
        try fixture.ingest()
        let record = try #require(try fixture.ledger().drops().first)
        let originals = DropOriginals(drop: record)
        let kept = try SwapEvidence.regularFiles(under: record.originalsPath)
        // As if killed after the ledger commit, before the inbox folder was taken away.
        try FileManager.default.moveItem(atPath: record.originalsPath, toPath: originals.staged)
        try fixture.deliver(drop)
        try fixture.ingest()
        #expect(try SwapEvidence.regularFiles(under: record.originalsPath) == kept)
        #expect(!FileManager.default.fileExists(atPath: originals.staged))
        #expect(!FileManager.default.fileExists(atPath: fixture.inboxPath(drop)))
        #expect(try fixture.ledger().allDeliveries().map(\.kind) == [.first])

        // As if killed after the inbox folder was renamed, and again while it was being removed.
        try FileManager.default.moveItem(atPath: record.originalsPath, toPath: originals.staged)
        try fixture.deliver(drop)
        try FileManager.default.moveItem(atPath: fixture.inboxPath(drop), toPath: originals.retiredInboxFolder)
        try FileManager.default.removeItem(atPath: originals.retiredInboxFolder + "/" + DropManifest.fileName)
        try fixture.ingest()
        #expect(try SwapEvidence.regularFiles(under: record.originalsPath) == kept)
        #expect(!FileManager.default.fileExists(atPath: originals.retiredInboxFolder))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/inbox/" + drop.customer).isEmpty)
        #expect(try fixture.ledger().allDeliveries().map(\.kind) == [.first])
    }
}
