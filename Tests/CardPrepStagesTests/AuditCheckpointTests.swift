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

    @Test(arguments: [true, false])
    func aWriteKilledAfterTheLogIsFinishedByTheNextCheckpoint(signatureWritten: Bool) throws {
        let fixture = try VaultFixture(customers: 1)
        try fixture.ledger().appendAudit(Self.event("test.event"), at: fixture.start)
        let written = try #require(try fixture.checkpoint())
        let signature = try Data(contentsOf: URL(fileURLWithPath: written.file + ".sig"))
        // As if the run had been killed after the log line, and after the folder's signature file or before it.
        try FileManager.default.removeItem(atPath: written.file)
        if !signatureWritten { try FileManager.default.removeItem(atPath: written.file + ".sig") }
        #expect(try !fixture.auditVerification().passed)
        let next = try #require(try fixture.checkpoint())
        #expect(!next.isNew && next.checkpoint.number == written.checkpoint.number)
        #expect(try Data(contentsOf: URL(fileURLWithPath: written.file + ".sig")) == signature)
        #expect(try AuditCheckpoint.parse(Array(try Data(contentsOf: URL(fileURLWithPath: written.file)))) == written.checkpoint)
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

    /// Three checkpoints: the ingest run's, one after the drops moved on, one after another entry.
    static func threeCheckpoints(_ fixture: VaultFixture) throws -> AuditCheckpoint {
        try fixture.checkpoint()
        try fixture.ledger().appendAudit(Self.event("test.event"), at: fixture.start)
        return try #require(try fixture.checkpoint()?.checkpoint)
    }

    @Test func eachCheckpointDigestsTheRowsAddedSinceTheOneBefore() throws {
        let fixture = try VaultFixture(customers: 2)
        let first = try AuditCheckpoint.parse(
            Array(try Data(contentsOf: URL(fileURLWithPath: fixture.pipeline.output + "/audit/checkpoint-000001.txt"))))
        let second = try #require(try fixture.checkpoint()?.checkpoint)
        func table(_ name: String, _ checkpoint: AuditCheckpoint) throws -> TableDigest {
            try #require(checkpoint.tables.first { $0.table == name })
        }
        let (before, after) = (try table("dropTransition", first), try table("dropTransition", second))
        #expect(before.from == 0 && after.from == before.mark && after.fromRows == before.rows && after.base == before.all)
        #expect(after.rows > before.rows, "the drops moved on after the ingest run's checkpoint")
        #expect(try table("drop", second).from == nil, "a table with mutable columns is digested whole")
        let written = try String(contentsOfFile: fixture.pipeline.output + "/audit/checkpoint-000002.txt", encoding: .utf8)
        #expect(written.contains("table: dropTransition rows=\(after.rows) mark=\(after.mark) by=rowid fixed=\(after.all) "))
        #expect(written.contains(" from=\(before.mark) fromRows=\(before.rows) base=\(before.all)\n"))
        #expect(try AuditCheckpoint.parse(Array(written.utf8)) == second)
        let verification = try fixture.auditVerification()
        #expect(verification.passed, "\(verification.faults)")
    }

    @Test(arguments: [
        (["UPDATE delivery SET keptAt = '/elsewhere' WHERE seq = 1"], TableChange.rowsEdited),
        (["DELETE FROM delivery WHERE seq = 1"], .rowsDeleted(covered: 2, now: 1)),
        (["UPDATE delivery SET seq = 1000 WHERE seq = 1"], .rowsDeleted(covered: 2, now: 1)),
        (
            ["UPDATE delivery SET seq = 100 WHERE seq = 1", "UPDATE delivery SET seq = 1 WHERE seq = 2",
             "UPDATE delivery SET seq = 2 WHERE seq = 100"], .rowsEdited
        ),
    ])
    func aRowThatOnlyAnEarlierCheckpointDigestedIsCheckedThroughTheChain(statements: [String], change: TableChange) throws {
        let fixture = try VaultFixture(customers: 2)
        let latest = try Self.threeCheckpoints(fixture)
        #expect(try #require(latest.tables.first { $0.table == "delivery" }).from ?? 0 > 0, "delivery is a later link")
        #expect(try fixture.auditVerification().passed)
        for statement in statements { try Self.sql(fixture, statement) }
        let faults = try fixture.auditVerification().faults
        #expect(faults == [.tableChanged(table: "delivery", checkpoint: 3, change)], "\(faults)")
    }

    @Test func aLinkIsRecountedAcrossACheckpointDeletedEverywhere() throws {
        let fixture = try VaultFixture(customers: 1)
        _ = try Self.threeCheckpoints(fixture)
        try fixture.ledger().appendAudit(Self.event("test.last"), at: fixture.start)
        try fixture.checkpoint()
        let checkpoints = try fixture.checkpoints()
        let third = checkpoints.folder + "/checkpoint-000003.txt"
        try FileManager.default.removeItem(atPath: third)
        try FileManager.default.removeItem(atPath: third + ".sig")
        let lines = try String(contentsOfFile: checkpoints.logFile, encoding: .utf8).split(separator: "\n")
        try (lines.filter { !$0.hasPrefix("{\"number\":3,") }.joined(separator: "\n") + "\n")
            .write(toFile: checkpoints.logFile, atomically: true, encoding: .utf8)
        #expect(try fixture.auditVerification().faults == [.checkpointNumberingGap(missing: 3...3)])
        try Self.sql(fixture, "UPDATE delivery SET name = 'renamed'")
        let faults = try fixture.auditVerification().faults
        #expect(
            faults == [.checkpointNumberingGap(missing: 3...3), .tableChanged(table: "delivery", checkpoint: 4, .rowsEdited)],
            "\(faults)")
    }

    @Test func checkpointsSignedBeforeChainedDigestsStillVerifyAndAreContinued() throws {
        let fixture = try VaultFixture(customers: 2)
        let checkpoints = try fixture.checkpoints(), ledger = try fixture.ledger()
        try FileManager.default.removeItem(atPath: checkpoints.folder)
        try FileManager.default.removeItem(atPath: checkpoints.logFile)
        // A checkpoint as earlier versions signed it: every table digested whole.
        var whole = try ledger.auditSnapshot().tables
        for index in whole.indices { (whole[index].from, whole[index].fromRows, whole[index].base) = (nil, nil, nil) }
        whole = try ledger.recount(whole).tables.map { try #require($0.now) }
        let last = try #require(try ledger.lastAuditEntry())
        let legacy = AuditCheckpoint(
            number: 1, seq: last.seq, hash: last.hash, at: "2026-11-01T00:00:00.000Z", previous: AuditCheckpoint.noPrevious,
            tables: whole)
        #expect(!legacy.text.contains(" from="))
        let statement = Array(legacy.text.utf8)
        let signature = try SSHSignature.sign(
            statement, namespace: AuditCheckpoints.namespace, with: VaultKeys(settings: fixture.settings).signingKey())
        try CheckpointLog(file: checkpoints.logFile).append(statement, signature: signature, number: 1)
        _ = try CheckpointFolder(folder: checkpoints.folder).write(statement, signature: signature, number: 1)
        #expect(try fixture.auditVerification().passed)
        try ledger.appendAudit(Self.event("test.event"), at: fixture.start)
        let next = try #require(try fixture.checkpoint()?.checkpoint)
        let delivery = try #require(next.tables.first { $0.table == "delivery" })
        let before = try #require(whole.first { $0.table == "delivery" })
        #expect(delivery.from == before.mark && delivery.base == before.all && delivery.rows == before.rows)
        #expect(try fixture.auditVerification().passed)
        try Self.sql(fixture, "UPDATE delivery SET keptAt = '/elsewhere' WHERE seq = 1")
        let faults = try fixture.auditVerification().faults
        #expect(faults == [.tableChanged(table: "delivery", checkpoint: 2, .rowsEdited)], "\(faults)")
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
