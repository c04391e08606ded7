import CardPrepCore
import CardPrepIO
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Logging
import Testing

@testable import CardPrepStages

/// The states a kill can leave ingest in, set up by hand, and what the next run makes of them. (The end-to-end
/// `SyscallKillTests` reach the same states by killing a real run at every rename, sync and unlink.)
@Suite struct IngestInterruptionTests {
    /// A pipeline with two drops, the second of an unknown customer.
    static func fixture() throws -> IngestFixture {
        let fixture = try IngestFixture(customers: 2, cards: 4)
        try FileManager.default.removeItem(atPath: fixture.root + "/customers/cust-02.yml")
        return fixture
    }

    /// Writes the ledger row of a quarantine as the quarantine does first, and nothing else, as if killed right after.
    static func recordOnly(
        _ fixture: IngestFixture, customer: String, drop: String, dropID: String? = nil, at time: Date
    ) throws -> QuarantineRecord {
        let source = fixture.pipeline.inbox + "/\(customer)/\(drop)"
        let id = try dropID ?? FileDigest.sha256(path: source + "/" + DropManifest.fileName)
        var record = QuarantineRecord(
            customer: customer, name: drop, dropID: id, reasonCode: DropRejection.Code.unknownCustomer.rawValue,
            message: "no profile \(customer).yml", quarantinedAt: time,
            keptAt: fixture.pipeline.quarantineFolder + "/\(customer)/\(drop)@" + Timestamp.compact(time))
        try FileManager.default.createDirectory(atPath: fixture.pipeline.output, withIntermediateDirectories: true)
        try fixture.ledger().recordQuarantine(
            record,
            drop: DropRecord(id: id, customer: customer, name: drop, state: .received, registeredAt: time, originalsPath: record.keptAt,
                             workPath: "", sourcePath: source, dataKeyRecipient: "", cardFileCount: 0, cardBytes: 0),
            event: AuditEvent(event: "drop.quarantined", dropID: id, actor: "system", host: "test-host", details: [:]), at: time)
        record.dropID = id
        return record
    }

    @Test func aQuarantineRecordedButNotMovedIsFinishedAndReportedByTheNextRun() throws {
        let fixture = try Self.fixture()
        let bad = fixture.drop(customer: "cust-02")
        let earlier = Date().addingTimeInterval(-3600)
        let record = try Self.recordOnly(fixture, customer: bad.customer, drop: bad.drop, at: earlier)

        var dryContext = RunContext(
            now: { Date() }, actor: "t", host: "h", logger: .init(label: "t") { _ in SwiftLogNoOpLogHandler() })
        dryContext.dryRun = true
        let dry = try PipelineRun(pipeline: fixture.pipeline, context: dryContext).run().ingest!
        #expect(fixture.outcome(dry, customer: bad.customer) == .quarantined(DropRejection(.unknownCustomer, record.message)))
        #expect(FileManager.default.fileExists(atPath: fixture.inboxPath(bad)), "a dry run moves nothing")

        let report = try fixture.ingest()
        #expect(report.outcomes.count == 2)
        #expect(report.ingested == 1)
        #expect(fixture.outcome(report, customer: bad.customer) == .quarantined(DropRejection(.unknownCustomer, record.message)))
        #expect(!FileManager.default.fileExists(atPath: fixture.inboxPath(bad)))
        #expect(FileManager.default.fileExists(atPath: record.keptAt + "/" + DropManifest.fileName))
        let reason = try String(contentsOfFile: record.keptAt + ".reason.txt", encoding: .utf8)
        let quarantines = DropQuarantine(pipeline: fixture.pipeline, ledger: try fixture.ledger(), context: fixture.context())
        #expect(reason == quarantines.reasonText(try #require(try fixture.ledger().quarantined().first)))
        #expect(reason.contains("release: once the cause is fixed, run: cardprep retry \(fixture.pipeline.absoluteFile) \(record.dropID!.prefix(12)) --reason"))
        // Finished, not quarantined a second time.
        #expect(try fixture.ledger().quarantined().count == 1)
        #expect(try fixture.ledger().auditEntries().filter { $0.event == "drop.quarantined" }.count == 1)
        #expect(try fixture.ingest().outcomes.isEmpty)
    }

    @Test func aQuarantineWithItsReasonWrittenIsMovedWithoutRewritingIt() throws {
        let fixture = try Self.fixture()
        let bad = fixture.drop(customer: "cust-02")
        let record = try Self.recordOnly(fixture, customer: bad.customer, drop: bad.drop, at: Date())
        try FileManager.default.createDirectory(
            atPath: fixture.pipeline.quarantineFolder + "/cust-02", withIntermediateDirectories: true)
        try "written before the kill\n".write(toFile: record.keptAt + ".reason.txt", atomically: true, encoding: .utf8)
        try fixture.ingest()
        #expect(FileManager.default.fileExists(atPath: record.keptAt + "/" + DropManifest.fileName))
        #expect(try String(contentsOfFile: record.keptAt + ".reason.txt", encoding: .utf8) == "written before the kill\n")
    }

    @Test func aLaterDeliveryUnderTheNameOfAnUnfinishedQuarantineIsJudgedAfresh() throws {
        let fixture = try IngestFixture(customers: 1, cards: 4)
        let drop = fixture.generated.drops[0]
        // The record names another manifest than the one now in the inbox.
        let record = try Self.recordOnly(
            fixture, customer: drop.customer, drop: drop.drop, dropID: String(repeating: "0", count: 64), at: Date())
        #expect(try fixture.ingest().ingested == 1)
        #expect(!FileManager.default.fileExists(atPath: record.keptAt))
    }

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
