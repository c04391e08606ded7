import CardPrepCore
import CardPrepLedger
import Foundation
import Logging
import Testing

@testable import CardPrepStages

@Suite struct OperationsTests {
    @Test func statusTellsWhereEveryDropStands() throws {
        let fixture = try IngestFixture(customers: 3, injections: [.wrongRecipient: 1])
        let waiting = fixture.generated.drops.first { $0.customer != fixture.generated.faults[0].customer }!
        try FileManager.default.removeItem(atPath: fixture.inboxPath(waiting) + "/" + DropManifest.fileName)
        let before = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date())
        #expect(before.drops.isEmpty)
        #expect(before.readyInInbox == 2)
        #expect(before.uploads.map(\.customer) == [waiting.customer])

        try fixture.ingest()
        let status = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date().addingTimeInterval(7 * 3600))
        #expect(status.drops.map(\.state) == ["ingested"])
        #expect(status.drops.first?.completedStages == ["ingest"])
        #expect(status.quarantine.map(\.reason) == ["wrong-recipient"])
        #expect(status.uploads.map(\.stale) == [true])
        #expect(status.readyInInbox == 0)
        #expect(status.text.contains("quarantine: 1 drop(s)"))
        #expect(status.text.contains("stale"))
    }

    @Test func aReleasedDropIsTakenByTheNextRun() throws {
        let fixture = try IngestFixture(customers: 1)
        let drop = fixture.generated.drops[0]
        let signature = fixture.inboxPath(drop) + "/" + DropManifest.signatureFileName
        let saved = try Data(contentsOf: URL(fileURLWithPath: signature))
        try FileManager.default.removeItem(atPath: signature)
        #expect(try fixture.ingest().quarantined == 1)

        let quarantined = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date()).quarantine
        let name = try #require(quarantined.first?.retryName)
        // The customer sends the missing signature; security puts it beside the drop and releases it.
        let kept = fixture.pipeline.quarantineFolder + "/" + name
        try saved.write(to: URL(fileURLWithPath: kept + "/" + DropManifest.signatureFileName))
        let context = RunContext(now: { Date() }, actor: "security", host: "h", logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        let target = try QuarantineRelease(pipeline: fixture.pipeline, context: context).release(name, reason: "signature received")
        #expect(target == fixture.inboxPath(drop))
        #expect(throws: QuarantineReleaseError.notQuarantined(name)) {
            try QuarantineRelease(pipeline: fixture.pipeline, context: context).release(name, reason: "again")
        }

        #expect(try fixture.ingest().ingested == 1)
        #expect(try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date()).quarantine.isEmpty)
        let events = try fixture.ledger().auditEntries().map(\.event)
        #expect(events.contains("drop.released"))
        #expect(try fixture.ledger().verifyAuditChain().isEmpty)
    }

    @Test(arguments: ["no-slash", "cust/../x@1", "cust-01/drop-without-time"])
    func badNamesAreRefused(name: String) throws {
        let fixture = try IngestFixture(customers: 1)
        let context = RunContext(now: { Date() }, actor: "a", host: "h", logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        #expect(throws: QuarantineReleaseError.self) {
            try QuarantineRelease(pipeline: fixture.pipeline, context: context).release(name, reason: "r")
        }
    }
}
