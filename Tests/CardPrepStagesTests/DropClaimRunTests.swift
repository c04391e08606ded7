import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Logging
import Testing

@testable import CardPrepStages

/// `cardprep run` claims each drop's stage before it works on it, so workers sharing a ledger take each drop once.
@Suite struct DropClaimRunTests {
    static let otherHost = DropClaimHolder(host: "host-b", pid: 4242)

    /// The drop of `customer` in the fixture's ledger.
    static func drop(_ fixture: IngestFixture, _ customer: String) throws -> DropRecord {
        try #require(try fixture.ledger().drops().first { $0.customer == customer })
    }

    @Test func aDropAnotherWorkerHoldsIsSkippedAndReportedAndTakenOnceItsLeaseRunsOut() throws {
        let fixture = try IngestFixture(customers: 2, stages: ["ingest", "validate"])
        _ = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.ingest])
        let held = try Self.drop(fixture, "cust-01"), free = try Self.drop(fixture, "cust-02")
        let claims = DropClaims(store: try fixture.ledger().store)
        let claim = try #require(
            try claims.claimNext(of: [(held.id, "validate")], holder: Self.otherHost, lease: 600, now: Date()))

        let status = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date())
        #expect(status.claims.map { "\($0.dropID) \($0.stage) \($0.host) \($0.pid) \($0.customer ?? "-")" }
                == ["\(held.id) validate host-b 4242 cust-01"])
        #expect((590...600).contains(status.claims.first?.leaseSecondsLeft ?? 0))
        #expect(status.text.contains("\(held.id.prefix(12))  cust-01/\(held.name)  validate  held by host-b (pid 4242), lease 10m left")
                || status.text.contains("held by host-b (pid 4242), lease 9m left"))

        let first = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.validate])
        #expect(first.heldElsewhere.map { "\($0.stage) \($0.dropID ?? "-") \($0.host ?? "-") \($0.pid ?? 0)" }
                == ["validate \(held.id) host-b 4242"])
        #expect(first.summary.contains("1 drop(s) held by host-b"))
        #expect(first.failures.isEmpty)
        #expect(try fixture.ledger().drop(id: held.id)?.state == .ingested)
        #expect(try fixture.ledger().drop(id: free.id)?.state == .validated)
        // The run's own claims are released when it is done with each drop.
        #expect(try claims.live(now: Date()).map(\.holder) == [Self.otherHost])

        // host-b's last renewal was an hour ago: its lease has run out, and the next run takes the drop.
        _ = try claims.renew(claim, lease: 600, now: Date(timeIntervalSinceNow: -3600))
        let second = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.validate])
        #expect(second.heldElsewhere.isEmpty)
        #expect(try fixture.ledger().drop(id: held.id)?.state == .validated)
        #expect(try claims.live(now: Date()).isEmpty)
        #expect(try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date()).claims.isEmpty)
    }

    @Test func aStageWhoseClaimIsTakenOverWhileItWorksRecordsNothingAndLeavesTheDropToTheNewHolder() throws {
        let fixture = try IngestFixture(customers: 1, cards: 30, stages: ["ingest", "validate", "transform"])
        _ = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.ingest, .validate])
        let drop = try Self.drop(fixture, "cust-01")
        #expect(drop.state == .validated)
        let ledger = try fixture.ledger()
        let entries = try ledger.auditEntries().count, transitions = try ledger.transitions(of: drop.id).count
        // While transform reads the cards, its lease is lost and host-b takes the drop's transform over.
        let takeover = Takeover(store: ledger.store, dropID: drop.id, stage: "transform", by: Self.otherHost)
        var context = fixture.context()
        context.cardProgress = takeover
        let report = try PipelineRun(pipeline: fixture.pipeline, context: context).run(stages: [.transform])

        #expect(takeover.done)
        #expect(report.claimsLost.map { "\($0.stage) \($0.dropID ?? "-") \($0.host ?? "-")" } == ["transform \(drop.id) host-b"])
        #expect(report.summary.contains("claims lost: 1 drop(s) taken over by host-b"))
        #expect(report.failures.isEmpty)
        #expect(report.transform?.manifests.isEmpty ?? true)
        #expect(try ledger.drop(id: drop.id)?.state == .validated)
        #expect(try ledger.transitions(of: drop.id).count == transitions)
        #expect(try ledger.jobFiles().isEmpty)
        #expect(try ledger.steps(of: drop.id).map(\.stage).sorted() == ["ingest", "validate"])
        // Nothing of the drop's transform is in the audit log; the checkpoint the run ended with may be.
        #expect(try ledger.auditEntries().dropFirst(entries).allSatisfy { $0.dropID == nil })
        // The new holder keeps its claim: the refused worker does not release it.
        #expect(try DropClaims(store: ledger.store).live(now: Date()).map(\.holder) == [Self.otherHost])
    }

    @Test func sweepLeavesWhatAnotherWorkersLiveClaimHoldsAndClearsItOnceTheLeaseRunsOut() throws {
        let fixture = try IngestFixture(customers: 1, stages: ["ingest"])
        _ = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.ingest])
        let fm = FileManager.default
        // Another worker ingesting a drop: its work folder under its temporary name, a data key not registered yet,
        // and an atomic write's temporary file in the outbox.
        let id = String(repeating: "ab", count: 32)
        let partial = fixture.pipeline.workFolder + "/" + id + ".partial"
        try fm.createDirectory(atPath: partial, withIntermediateDirectories: true)
        try Data("cards".utf8).write(to: URL(fileURLWithPath: partial + "/.cards.age.77.1.tmp"))
        let key = fixture.pipeline.dataKeyFolder + "/" + id + DataKeyStore.wrappedSuffix
        try Data("key".utf8).write(to: URL(fileURLWithPath: key))
        try fm.createDirectory(atPath: fixture.pipeline.jobsOutbox, withIntermediateDirectories: true)
        let temporary = fixture.pipeline.jobsOutbox + "/.jobs.csv.age.77.2.tmp"
        try Data("job".utf8).write(to: URL(fileURLWithPath: temporary))
        let ledger = try fixture.ledger()
        let claims = DropClaims(store: ledger.store)
        let claim = try #require(try claims.claimNext(of: [(id, "ingest")], holder: Self.otherHost, lease: 600, now: Date()))
        let me = DropClaimHolder(host: "test-host", pid: 1)

        #expect(try OutputRecovery(pipeline: fixture.pipeline, ledger: ledger, holder: me).sweep().isEmpty)
        #expect(fm.fileExists(atPath: partial + "/.cards.age.77.1.tmp"))
        #expect(fm.fileExists(atPath: key))
        #expect(fm.fileExists(atPath: temporary))

        // The worker's own claims hold nothing back.
        #expect(try OutputRecovery(pipeline: fixture.pipeline, ledger: ledger, holder: Self.otherHost).sweep().contains(partial))
        #expect(!fm.fileExists(atPath: partial) && !fm.fileExists(atPath: key) && !fm.fileExists(atPath: temporary))

        // A worker that died: once its lease runs out, what it left is cleared.
        try fm.createDirectory(atPath: partial, withIntermediateDirectories: true)
        try Data("key".utf8).write(to: URL(fileURLWithPath: key))
        _ = try claims.renew(claim, lease: 600, now: Date(timeIntervalSinceNow: -3600))
        #expect(Set(try OutputRecovery(pipeline: fixture.pipeline, ledger: ledger, holder: me).sweep()) == [partial, key])
    }

    @Test func anInboxDropAnotherWorkerIsTakingIsLeftToIt() throws {
        let fixture = try IngestFixture(customers: 2, stages: ["ingest"])
        try fixture.pipeline.prepareOutput()
        let ledger = try fixture.ledger()
        // The drop's id is its manifest's digest: a complete drop is claimed by it.
        let taken = fixture.drop(customer: "cust-01")
        let manifest = try Data(contentsOf: URL(fileURLWithPath: fixture.inboxPath(taken) + "/" + DropManifest.fileName))
        let id = FileDigest.sha256(Array(manifest))
        _ = try #require(
            try DropClaims(store: ledger.store).claimNext(of: [(id, "ingest")], holder: Self.otherHost, lease: 600, now: Date()))
        let report = try fixture.run()
        #expect(report.ingest?.outcomes.map(\.customer) == ["cust-02"])
        #expect(report.heldElsewhere.map { "\($0.stage) \($0.customer)/\($0.drop) \($0.host ?? "-")" }
                == ["ingest cust-01/\(taken.drop) host-b"])
        #expect(FileManager.default.fileExists(atPath: fixture.inboxPath(taken)))
        #expect(try ledger.drop(id: id) == nil)
    }

    @Test func aClaimOfAProcessOfThisHostThatNoLongerRunsIsTakenOverAtOnce() throws {
        let fixture = try IngestFixture(customers: 1, stages: ["ingest", "validate"])
        _ = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.ingest])
        let drop = try Self.drop(fixture, "cust-01")
        let claims = DropClaims(store: try fixture.ledger().store)
        // A run on this host killed while it validated the drop, its lease still running.
        let killed = DropClaimHolder(host: "test-host", pid: 999_999)
        let claim = try #require(try claims.claimNext(of: [(drop.id, "validate")], holder: killed, lease: 600, now: Date()))
        let report = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.validate])
        #expect(report.heldElsewhere.isEmpty)
        #expect(try fixture.ledger().drop(id: drop.id)?.state == .validated)
        // The killed run's token is refused from now on.
        #expect(throws: DropClaimLost.self) { try claims.renew(claim, lease: 600, now: Date()) }
        #expect(try claims.live(now: Date()).isEmpty)
    }

    @Test func aQuarantineAnotherHostIsInTheMiddleOfIsLeftToIt() throws {
        let fixture = try IngestInterruptionTests.fixture()
        let bad = fixture.drop(customer: "cust-02")
        // host-b recorded the quarantine and holds the drop's ingest claim (complete drops are claimed by their id)
        // while it moves the folder.
        let record = try IngestInterruptionTests.recordOnly(fixture, customer: bad.customer, drop: bad.drop, at: Date())
        let claims = DropClaims(store: try fixture.ledger().store)
        let id = try #require(record.dropID)
        let claim = try #require(try claims.claimNext(of: [(id, "ingest")], holder: Self.otherHost, lease: 600, now: Date()))
        let report = try fixture.run()
        #expect(report.ingest?.outcomes.map(\.customer) == ["cust-01"])
        #expect(report.heldElsewhere.map { "\($0.customer)/\($0.drop) \($0.host ?? "-")" } == ["cust-02/\(bad.drop) host-b"])
        #expect(FileManager.default.fileExists(atPath: fixture.inboxPath(bad)), "host-b's folder is not moved under it")
        #expect(!FileManager.default.fileExists(atPath: record.keptAt))
        // host-b was killed: once its lease runs out, the next run finishes the quarantine.
        _ = try claims.renew(claim, lease: 600, now: Date(timeIntervalSinceNow: -3600))
        let next = try fixture.run()
        #expect(next.ingest?.outcomes.map(\.customer) == ["cust-02"])
        #expect(!FileManager.default.fileExists(atPath: fixture.inboxPath(bad)))
        #expect(FileManager.default.fileExists(atPath: record.keptAt + "/" + DropManifest.fileName))
    }

    @Test func theLeaseIsRenewedWhileAStageWorksAndARenewalThatFindsTheClaimTakenMarksItLost() throws {
        let fixture = try IngestFixture(customers: 1, stages: ["ingest"])
        try fixture.pipeline.prepareOutput()
        let ledger = try fixture.ledger()
        let claims = DropClaims(store: ledger.store)
        let fence = FencedLedgerStore(base: ledger.store)
        let worker = DropClaimHolder(host: "test-host", pid: 1)
        let claim = try #require(try claims.claimNext(of: [("d1", "transform")], holder: worker, lease: 2, now: Date()))
        fence.fence(by: claim)
        let renewal = DropLeaseRenewal(claim, claims: claims, fence: fence, lease: 2, logger: Logger(label: "test"))
        // Past the first lease: renewed every third of it, the claim still holds.
        Thread.sleep(forTimeInterval: 2.5)
        let renewed = try #require(try claims.holder(of: "d1", stage: "transform", now: Date()))
        #expect(renewed.token == claim.token && renewed.leaseUntil > claim.leaseUntil)
        #expect(fence.lost == nil)
        // Taken over: the next renewal finds it lost and marks the fence.
        try ledger.store.write { try $0.execute(#"UPDATE "dropClaim" SET "leaseUntil" = 0"#, []) }
        _ = try #require(try claims.claimNext(of: [("d1", "transform")], holder: Self.otherHost, lease: 60, now: Date()))
        Thread.sleep(forTimeInterval: 1.2)
        renewal.stop()
        #expect(fence.lost?.heldBy == Self.otherHost)
        #expect(try claims.holder(of: "d1", stage: "transform", now: Date())?.holder == Self.otherHost)
    }

    @Test func aWorkerThatStalledPastItsLeaseStopsBeforeItClearsWhatTheNewHolderMade() throws {
        let fixture = try IngestFixture(customers: 1, stages: ["ingest"])
        try fixture.pipeline.prepareOutput()
        let ledger = try fixture.ledger()
        let claiming = DropClaiming(
            ledger: ledger, holder: DropClaimHolder(host: "test-host", pid: 1), lease: 60, logger: Logger(label: "test"))
        var cleared = false
        let outcome = try claiming.withClaim(dropID: "d1", stage: "ingest") { () throws -> Void in
            try claiming.checkStillHeld()
            // The worker stalls; its lease runs out and host-b takes the drop over.
            try ledger.store.write { try $0.execute(#"UPDATE "dropClaim" SET "leaseUntil" = 0"#, []) }
            _ = try DropClaims(store: ledger.store).claimNext(of: [("d1", "ingest")], holder: Self.otherHost, lease: 60, now: Date())
            try claiming.checkStillHeld()
            cleared = true
        }
        guard case let .refused(lost) = outcome else { Issue.record("not refused: \(outcome)"); return }
        #expect(lost.heldBy == Self.otherHost)
        #expect(!cleared)
        #expect(try DropClaims(store: ledger.store).live(now: Date()).map(\.holder) == [Self.otherHost])
    }

    @Test func theLeaseIsAPipelineKeyAndNonsenseIsRefused() throws {
        let base = "version: 1\nname: t\ninbox: in\noutput: out\nkeys:\n  identity: k\n"
        #expect(try PipelineDefinition.parse(text: base, file: "/p/pipeline.yml").leaseSeconds == 60)
        #expect(try PipelineDefinition.parse(text: base + "lease_seconds: 20\n", file: "/p/pipeline.yml").leaseSeconds == 20)
        for bad in ["0", "-5", "1", "90000", "soon"] {
            #expect(throws: ConfigurationError.self, "lease_seconds: \(bad)") {
                try PipelineDefinition.parse(text: base + "lease_seconds: \(bad)\n", file: "/p/pipeline.yml")
            }
        }
    }
}

/// A progress reporter that, the first time a stage reports cards, makes the stage's claim lost and lets another
/// worker take it over: what a worker stalled past its lease meets.
final class Takeover: CardProgressReporting, @unchecked Sendable {
    let store: any LedgerStore
    let dropID: String, stage: String
    let holder: DropClaimHolder
    private let lock = NSLock()
    private var taken = false

    init(store: any LedgerStore, dropID: String, stage: String, by holder: DropClaimHolder) {
        self.store = store; self.dropID = dropID; self.stage = stage; self.holder = holder
    }

    var done: Bool { lock.withLock { taken } }

    func cards(_ done: Int, of total: Int, stage: PipelineDefinition.Stage, drop: String) {
        let first = lock.withLock { () -> Bool in
            defer { taken = true }
            return !taken
        }
        guard first else { return }
        do {
            try store.write {
                try $0.execute(#"UPDATE "dropClaim" SET "leaseUntil" = 0 WHERE "dropID" = ? AND "stage" = ?"#,
                               [.text(dropID), .text(self.stage)])
            }
            _ = try DropClaims(store: store).claimNext(of: [(dropID, self.stage)], holder: holder, lease: 600, now: Date())
        } catch {
            Issue.record("takeover failed: \(error)")
        }
    }
}
