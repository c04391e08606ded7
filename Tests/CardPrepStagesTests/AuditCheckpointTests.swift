import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// Checkpoints kept in three places, numbered without gaps, and the tables checked against the latest however the
/// ledger grew after it.
@Suite struct AuditCheckpointTests {
    static func sql(_ fixture: VaultFixture, _ statement: String) throws {
        let result = try VaultFixture.shell(["sqlite3", fixture.pipeline.ledgerPath, statement])
        #expect(result.status == 0, "\(result.output)")
    }

    static func event(_ name: String) -> AuditEvent { AuditEvent(event: name, actor: "ops", host: "test-host") }

    @Test func aCheckpointIsWrittenOnlyWhenTheLogGrewAndChainsToTheOneBefore() throws {
        let fixture = try VaultFixture(customers: 1)
        // The ingest run ended with the first checkpoint; moving the drops on as validate would added entries since.
        let ingested = try String(contentsOfFile: fixture.pipeline.output + "/audit/checkpoint-000001.txt", encoding: .utf8)
        #expect(try AuditCheckpoint.parse(Array(ingested.utf8)).previous == AuditCheckpoint.noPrevious)
        let first = try #require(try fixture.checkpoint())
        #expect(first.isNew && first.checkpoint.number == 2)
        #expect(try fixture.checkpoint()?.isNew == false)
        try fixture.ledger().appendAudit(Self.event("test.event"), at: fixture.start)
        let second = try #require(try fixture.checkpoint())
        #expect(second.checkpoint.number == 3)
        let statement = try Data(contentsOf: URL(fileURLWithPath: first.file))
        #expect(second.checkpoint.previous == AuditCheckpoint.digest(of: Array(statement)))
        let log = try String(contentsOfFile: fixture.settings.vaultFolder + "/audit-checkpoints.log", encoding: .utf8)
        #expect(log.split(separator: "\n").count == 3)
        #expect(try AuditCheckpoint.parse(Array(statement)) == first.checkpoint)
        #expect(try fixture.auditVerification().passed)
    }

    @Test func aBundleCarriesTheLatestCheckpointAndKeepsItWhenTheOtherCopiesAreDeleted() throws {
        let fixture = try VaultFixture(customers: 2)
        let drops = try fixture.ledger().drops()
        try fixture.archive([drops[0].id])  // carries checkpoint 1, of the ingest run
        try fixture.checkpoint()
        try fixture.archive([drops[1].id])  // carries checkpoint 2
        let first = try #require(try fixture.ledger().bundle(dropID: drops[0].id))
        let second = try #require(try fixture.ledger().bundle(dropID: drops[1].id))
        let copies = try BundleCheckpoints.copies(inBundle: fixture.bundlePath(second), identities: [fixture.vaultIdentity])
        #expect(copies.map { try? AuditCheckpoint.parse($0.statement).number } == [2])
        try FileManager.default.removeItem(atPath: fixture.pipeline.output + "/audit")
        try FileManager.default.removeItem(atPath: fixture.settings.vaultFolder + "/audit-checkpoints.log")
        let faults = try fixture.auditVerification().faults
        let folder = fixture.pipeline.output + "/audit", log = fixture.settings.vaultFolder + "/audit-checkpoints.log"
        for (number, bundle) in [(1, first), (2, second)] {
            let kept = [CheckpointSource.bundle(path: fixture.bundlePath(bundle))]
            #expect(faults.contains(.checkpointMissingFromFolder(number: number, folder: folder, keptIn: kept)), "\(faults)")
            #expect(faults.contains(.checkpointMissingFromLog(number: number, log: log, keptIn: kept)), "\(faults)")
        }
        #expect(faults.count == 4, "\(faults)")
    }

    @Test func aCheckpointDeletedEverywhereLeavesAGapInTheNumbering() throws {
        let fixture = try VaultFixture(customers: 1)
        for number in 1...3 {
            try fixture.ledger().appendAudit(Self.event("test.\(number)"), at: fixture.start)
            try fixture.checkpoint()
        }
        let checkpoints = try fixture.checkpoints()
        let third = checkpoints.folder + "/checkpoint-000003.txt"
        try FileManager.default.removeItem(atPath: third)
        try FileManager.default.removeItem(atPath: third + ".sig")
        let lines = try String(contentsOfFile: checkpoints.logFile, encoding: .utf8).split(separator: "\n")
        try (lines.filter { !$0.hasPrefix("{\"number\":3,") }.joined(separator: "\n") + "\n")
            .write(toFile: checkpoints.logFile, atomically: true, encoding: .utf8)
        let faults = try fixture.auditVerification().faults
        #expect(faults == [.checkpointNumberingGap(missing: 3...3)], "\(faults)")
    }

    @Test func coveredRowsAreCheckedAfterTheLedgerGrewLegitimately() throws {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        try fixture.checkpoint()
        let record = try #require(try fixture.bundles().first)
        _ = try fixture.vault().checkOut(record, approval: try fixture.checkoutApproval(record, "alice", "bob", "sample"))
        _ = try fixture.vault().checkIn(record, approval: try fixture.checkinApproval(record, "alice", "bob"))
        let grown = try fixture.auditVerification()
        #expect(grown.passed, "\(grown.faults)")
        #expect(grown.notes.contains { $0.contains("no checkpoint signs them yet") }, "\(grown.notes)")
        try Self.sql(fixture, "UPDATE delivery SET receivedAt = '2020-01-01 00:00:00.000'")
        try Self.sql(fixture, "UPDATE vaultBundle SET quantity = quantity + 1")
        let faults = try fixture.auditVerification().faults
        #expect(
            faults == [
                .tableChanged(table: "delivery", checkpoint: 2, .rowsEdited),
                .tableChanged(table: "vaultBundle", checkpoint: 2, .rowsEdited),
            ],
            "\(faults)")
    }

    @Test func aMutableColumnEditedWithNoEntrySinceIsFound() throws {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        try fixture.checkpoint()
        try Self.sql(fixture, "UPDATE vaultBundle SET purged = 1")
        let faults = try fixture.auditVerification().faults
        let last = try #require(try fixture.ledger().lastAuditEntry()?.seq)
        #expect(faults == [.tableChanged(table: "vaultBundle", checkpoint: 2, .changedWithoutEntry(lastSeq: last))], "\(faults)")
    }

    @Test func aCheckpointSignedByAnotherKeyIsRefused() throws {
        let fixture = try VaultFixture(customers: 1)
        let written = try #require(try fixture.checkpoint())
        let forged = try SSHSignature.sign(
            Array(try Data(contentsOf: URL(fileURLWithPath: written.file))), namespace: AuditCheckpoints.namespace,
            with: SSHEd25519SigningKey.generate())
        try forged.write(toFile: written.file + ".sig", atomically: true, encoding: .utf8)
        let faults = try fixture.auditVerification().faults
        #expect(faults.count == 1 && faults.first?.subject == written.file, "\(faults)")
    }

    @Test func twoSignedCopiesOfOneNumberThatDifferAreNamed() throws {
        let fixture = try VaultFixture(customers: 1)
        let written = try #require(try fixture.checkpoint())
        let number = try #require(written.checkpoint.number)
        let text = try String(contentsOfFile: written.file, encoding: .utf8)
        let other = Array(text.replacingOccurrences(of: "at: ", with: "at: 1999").utf8)
        let signature = try SSHSignature.sign(
            other, namespace: AuditCheckpoints.namespace, with: VaultKeys(settings: fixture.settings).signingKey())
        try Data(other).write(to: URL(fileURLWithPath: written.file))
        try signature.write(toFile: written.file + ".sig", atomically: true, encoding: .utf8)
        let faults = try fixture.auditVerification().faults
        let log = CheckpointSource.log(file: fixture.settings.vaultFolder + "/audit-checkpoints.log", line: number)
        #expect(faults == [.checkpointCopiesDiffer(number: number, sources: [.folder(file: written.file), log])], "\(faults)")
    }

    @Test func gapsInTheNumberingAreRanges() {
        #expect(AuditVerifier.gaps(in: [1, 2, 5, 7]) == [3...4, 6...6])
        #expect(AuditVerifier.gaps(in: [2]) == [1...1])
        #expect(AuditVerifier.gaps(in: []).isEmpty)
    }
}
