import ArgumentParser
import CardPrepCommands
import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct VaultAuditTests {
    /// Runs `cardprep <arguments>` in this process; returns the exit code.
    static func cardprep(_ arguments: [String]) -> Int32 {
        do {
            var command = try CardPrepCommand.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            return CardPrepCommand.exitCode(for: error).rawValue
        }
    }

    static func archivedWithCheckpoint() throws -> (VaultFixture, String) {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        let written = try #require(try fixture.checkpoint())
        return (fixture, written.file)
    }

    static func faults(_ fixture: VaultFixture) throws -> [AuditFault] { try fixture.auditVerification().faults }

    static func sql(_ fixture: VaultFixture, _ statement: String) throws {
        let result = try VaultFixture.shell(["sqlite3", fixture.pipeline.ledgerPath, statement])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func anUntouchedLogAndItsCheckpointsVerify() throws {
        let (fixture, file) = try Self.archivedWithCheckpoint()
        #expect(try Self.faults(fixture).isEmpty)
        #expect(Self.cardprep(["audit", "verify", fixture.pipeline.file]) == 0)
        #expect(file.hasSuffix("audit/checkpoint-000002.txt"), "the ingest run signed the first")
        let signed = try VaultFixture.shell(
            ["ssh-keygen", "-Y", "verify", "-f", fixture.root + "/keys/allowed_signers", "-I", "cardprep@test",
             "-n", AuditCheckpoints.namespace, "-s", file + ".sig"],
            input: try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(signed.status == 0, "\(signed.output)")
    }

    @Test(arguments: [
        "UPDATE audit SET details = 'customer=someone-else' WHERE seq = 1",
        "UPDATE audit SET actor = 'mallory' WHERE seq = (SELECT MAX(seq) FROM audit)",
        "DELETE FROM audit WHERE seq = 2",
        "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)",
        "UPDATE audit SET seq = seq + 1000 WHERE seq = 1",
    ])
    func anyEditOfTheLogFailsVerification(statement: String) throws {
        let (fixture, _) = try Self.archivedWithCheckpoint()
        try Self.sql(fixture, statement)
        #expect(!(try Self.faults(fixture)).isEmpty)
        #expect(Self.cardprep(["audit", "verify", fixture.pipeline.file]) == CardPrepExitCode.verificationFailed.rawValue)
    }

    @Test func removingTheNewestEntryIsCaughtByTheCheckpointAlone() throws {
        let (fixture, _) = try Self.archivedWithCheckpoint()
        try Self.sql(fixture, "DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)")
        let faults = try Self.faults(fixture)
        #expect(faults.count == 1)
        guard case .tailCut = faults.first else { Issue.record("\(faults)"); return }
    }

    @Test func anEditedCheckpointFailsVerificationAndTheCopyBesideTheVaultStillHolds() throws {
        let (fixture, file) = try Self.archivedWithCheckpoint()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let hash = try #require(try fixture.ledger().lastAuditEntry()?.hash)
        try text.replacingOccurrences(of: hash, with: String(repeating: "0", count: 64)).write(toFile: file, atomically: true, encoding: .utf8)
        let faults = try Self.faults(fixture)
        // Only the edited copy is at fault: the copy in the log beside the vault still signs the log's end.
        #expect(faults.count == 1, "\(faults)")
        guard case let .checkpointSignatureInvalid(source, _) = faults.first else { Issue.record("\(faults)"); return }
        #expect(source == .folder(file: file))
        #expect(Self.cardprep(["audit", "verify", fixture.pipeline.file, "--json"]) == CardPrepExitCode.verificationFailed.rawValue)
    }

    @Test func vaultCommandsUseTheExitCodeTable() throws {
        let fixture = try VaultFixture(customers: 1)
        try fixture.archive()
        let record = try #require(try fixture.bundles().first)
        let pipeline = fixture.pipeline.file
        #expect(Self.cardprep(["vault", "find", pipeline, "--contract", record.contract, "--json"]) == 0)
        #expect(Self.cardprep(["vault", "verify", pipeline, record.id, "--read-data"]) == 0)
        #expect(Self.cardprep(["vault", "history", pipeline, record.id]) == 0)
        #expect(Self.cardprep(["vault", "reindex", pipeline]) == 0)
        #expect(Self.cardprep(["vault", "purge", pipeline]) == CardPrepExitCode.usage.rawValue)
        let people = try PeopleFixture(peopleFolder: fixture.root + "/people", keysFolder: fixture.root + "/people-keys")
        let checkout = ["vault", "checkout", pipeline, record.id, "--borrower", "alice", "--approver", "bob", "--reason", "r"]
        #expect(Self.cardprep(checkout) == CardPrepExitCode.usage.rawValue)
        let statements = fixture.pipeline.output + "/statements/"
        let statement = statements + (try #require(try FileManager.default.contentsOfDirectory(atPath: statements).first))
        let signatures = try ["alice", "bob"].flatMap { ["--signature", try people.sign(file: statement, by: $0)] }
        #expect(Self.cardprep(checkout + ["--statement", statement] + signatures) == 0)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.bundlePath(record))))
        bytes[bytes.count / 2] ^= 0x80
        try Data(bytes).write(to: URL(fileURLWithPath: fixture.bundlePath(record)))
        #expect(Self.cardprep(["vault", "verify", pipeline, record.id]) == CardPrepExitCode.verificationFailed.rawValue)
        let checkin = ["vault", "checkin", pipeline, record.id, "--receiver", "bob"]
        #expect(Self.cardprep(checkin) == CardPrepExitCode.usage.rawValue)
        let back = statements + (try #require(try FileManager.default.contentsOfDirectory(atPath: statements).first { $0.hasPrefix("vault.checkin") }))
        let receipts = try ["alice", "bob"].flatMap { ["--signature", try people.sign(file: back, by: $0)] }
        #expect(Self.cardprep(checkin + ["--statement", back] + receipts) == CardPrepExitCode.verificationFailed.rawValue)
        let open = ["vault", "open", pipeline, record.id, "--to", fixture.root + "/o", "--opener", "alice", "--witness", "bob", "--reason", "r"]
        #expect(Self.cardprep(open) == CardPrepExitCode.usage.rawValue)
        let opening = statements + (try #require(try FileManager.default.contentsOfDirectory(atPath: statements).first { $0.hasPrefix("vault.open") }))
        let witnesses = try ["alice", "bob"].flatMap { ["--signature", try people.sign(file: opening, by: $0)] }
        #expect(Self.cardprep(open + ["--statement", opening] + witnesses) == CardPrepExitCode.verificationFailed.rawValue)
    }
}
