import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// A ledger written before the drop lifecycle: drops mid-way get the state their steps put them in and finish.
@Suite struct LifecycleMigrationTests {
    /// Runs `sql` on the database at `path` with Debian's sqlite3.
    static func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// Turns the fixture's ledger back into the schema before the lifecycle, every drop `ingested` as it was then,
    /// and removes the typed orders validate keeps now.
    static func downgrade(_ fixture: IngestFixture) throws {
        let drops = try fixture.ledger().drops()
        try sqlite(fixture.pipeline.ledgerPath, """
            DROP TABLE dropTransition; DROP TABLE jobFile; DROP INDEX dropByState;
            ALTER TABLE "drop" DROP COLUMN stateSince; ALTER TABLE "drop" DROP COLUMN failedStage;
            ALTER TABLE "drop" DROP COLUMN failedError; ALTER TABLE "drop" DROP COLUMN failedFix;
            ALTER TABLE "drop" DROP COLUMN resumeState;
            UPDATE "drop" SET state = 'ingested';
            DELETE FROM grdb_migrations WHERE identifier = 'v7: drop lifecycle';
            """)
        for drop in drops { try? FileManager.default.removeItem(atPath: DropWorkFolder(drop).typedOrder) }
    }

    @Test func aValidatedDropOfAnOldLedgerFinishesItsStages() throws {
        let fixture = try IngestFixture(customers: 2, stages: ["ingest", "validate", "transform"])
        _ = try PipelineRun(pipeline: fixture.pipeline, context: fixture.context()).run(stages: [.ingest, .validate])
        try Self.downgrade(fixture)

        let report = try fixture.run()
        #expect(report.exitCode == .ok, "\(report.summary)")
        #expect(report.transform?.manifests.count == 2, "both validated drops are transformed")
        let ledger = try fixture.ledger()
        for drop in try ledger.drops() {
            #expect(drop.state == .jobsIssued)
            #expect(try ledger.transitions(of: drop.id).map(\.toState) == [.validated, .jobsIssued])
            #expect(try ledger.transitions(of: drop.id).first?.reason.contains("was ingested") == true)
        }
        #expect(try ledger.verifyAuditChain().isEmpty)
    }

    @Test func oldQuarantineRowsBecomeQuarantinedDrops() throws {
        let fixture = try IngestFixture(customers: 2, injections: [.wrongRecipient: 1])
        try fixture.ingest()
        let quarantined = try #require(try fixture.ledger().drops(in: [.quarantined]).first)
        try Self.downgrade(fixture)
        try Self.sqlite(fixture.pipeline.ledgerPath, "DELETE FROM \"drop\" WHERE id = '\(quarantined.id)'")

        let ledger = try fixture.ledger()
        let drops = try ledger.drops()
        #expect(drops.map(\.state).sorted() == [.ingested, .quarantined])
        let migrated = try #require(drops.first { $0.state == .quarantined })
        #expect(migrated.id == quarantined.id && migrated.originalsPath == quarantined.originalsPath)
        #expect(try ledger.quarantineRecord(dropID: migrated.id)?.reasonCode == "wrong-recipient")
    }
}
