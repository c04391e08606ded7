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
        #expect(!FileManager.default.fileExists(atPath: fixture.pipeline.ledgerPath), "status creates no ledger")

        try fixture.ingest()
        let status = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date().addingTimeInterval(7 * 3600))
        #expect(status.drops.map(\.state).sorted() == [.ingested, .quarantined])
        #expect(status.drops.first { $0.state == .ingested }?.completedStages == ["ingest"])
        let quarantined = try #require(status.drops.first { $0.state == .quarantined })
        #expect(quarantined.reason?.hasPrefix("wrong-recipient") == true)
        #expect(quarantined.retry?.hasPrefix("cardprep retry /") == true)
        #expect(status.attention.drops.map(\.state) == [.quarantined])
        #expect(status.uploads.map(\.stale) == [true])
        #expect(status.readyInInbox == 0)
        #expect(status.text.contains("quarantined since"))
        #expect(status.text.contains("attention: 1 drop(s) (1 quarantined)"))
        #expect(status.text.contains("stale"))
    }

    @Test func aRetriedQuarantinedDropIsTakenByTheNextRun() throws {
        let fixture = try IngestFixture(customers: 1)
        let drop = fixture.generated.drops[0]
        let signature = fixture.inboxPath(drop) + "/" + DropManifest.signatureFileName
        let saved = try Data(contentsOf: URL(fileURLWithPath: signature))
        try FileManager.default.removeItem(atPath: signature)
        #expect(try fixture.ingest().quarantined == 1)
        #expect(try fixture.run().exitCode == .dropQuarantined, "a quarantined drop keeps the run's exit code non-zero")

        let ledger = try fixture.ledger()
        let record = try #require(try ledger.drops(in: [.quarantined]).first)
        #expect(try DropLookup.find(String(record.id.prefix(8)), in: ledger) == record)
        #expect(try DropLookup.find("\(drop.customer)/\(record.name)", in: ledger) == record)
        // The customer sends the missing signature; security puts it beside the drop and retries it.
        try saved.write(to: URL(fileURLWithPath: record.originalsPath + "/" + DropManifest.signatureFileName))
        let decisions = DropDecisions(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context())
        let people = try PeopleFixture(peopleFolder: fixture.pipeline.peopleFolder, keysFolder: fixture.root + "/people-keys")
        #expect(try decisions.signed(.dropRetry, record, reason: "signature received", people: people).state == .received)
        #expect(FileManager.default.fileExists(atPath: fixture.inboxPath(drop)))
        #expect(throws: LedgerError.self) {
            try decisions.signed(.dropRetry, try ledger.drop(id: record.id)!, reason: "again", people: people)
        }

        #expect(try fixture.ingest().ingested == 1)
        let after = try #require(try fixture.ledger().drop(id: record.id))
        #expect(after.state == .ingested)
        #expect(try fixture.ledger().transitions(of: record.id).map(\.toState) == [.received, .quarantined, .received, .ingested])
        let events = try fixture.ledger().auditEntries().map(\.event)
        #expect(events.contains("drop.released"))
        let released = try #require(try fixture.ledger().auditEntries().first { $0.event == "drop.released" })
        #expect(released.actor == "alice+frank")
        #expect(released.details.contains("requester=alice") && released.details.contains("approver=frank"), "\(released.details)")
        #expect(try fixture.ledger().verifyAuditChain().isEmpty)
    }

    @Test(arguments: ["no-slash", "abc", "cust-01/no-such-drop", "0123456789abcdef"])
    func referencesThatNameNoDropAreRefused(reference: String) throws {
        let fixture = try IngestFixture(customers: 1)
        try fixture.ingest()
        #expect(throws: DropLookupError.self) { try DropLookup.find(reference, in: try fixture.ledger()) }
    }

    @Test func aDryRunWritesNothing() throws {
        let fixture = try IngestFixture(customers: 2, injections: [.wrongRecipient: 1], stages: ["ingest", "validate", "transform"])
        let report = try fixture.run(dryRun: true)
        #expect(report.ingest?.outcomes.count == 2)
        #expect(!FileManager.default.fileExists(atPath: fixture.pipeline.output), "no output folder, ledger or lock file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.pipeline.inbox + "/" + fixture.generated.drops[0].customer).count == 1)
        _ = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.ingest])
        let listing = try FileManager.default.subpathsOfDirectory(atPath: fixture.pipeline.output).sorted()
        let ledgerBytes = try Data(contentsOf: URL(fileURLWithPath: fixture.pipeline.ledgerPath))
        let planned = try fixture.run(dryRun: true)
        #expect(planned.planned.map(\.stage) == [.validate], "the ingested drop would be validated")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: fixture.pipeline.output).sorted() == listing)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.pipeline.ledgerPath)) == ledgerBytes)
    }
}
