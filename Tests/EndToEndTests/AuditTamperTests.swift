import CardPrepLedger
import Foundation
import Testing

/// The sample drop run to the vault with the built `cardprep`, then the ledger, its checkpoints and the vault tampered
/// with as an insider with write access would: each change is found and named by `audit verify` or `vault verify`.
@Suite struct AuditTamperTests {
    /// The sample pipeline run to the vault; the run ends with checkpoint 1.
    static func archivedWorkspace() throws -> SampleWorkspace {
        let workspace = try SampleWorkspace()
        let ran = try workspace.cardprep(["run", workspace.pipeline, "--json"])
        #expect(ran.status == 0, "\(ran.standardOutput)\(ran.standardError)")
        return workspace
    }

    /// Runs SQL on the ledger with Debian's sqlite3, as someone with write access to the file would.
    static func sqlite(_ workspace: SampleWorkspace, _ statements: String) throws {
        let ran = try BuiltExecutable.system("/usr/bin/sqlite3").run([workspace.output + "/ledger.sqlite", statements])
        #expect(ran.status == 0, "\(ran.standardError)")
    }

    static func auditVerify(_ workspace: SampleWorkspace) throws -> BuiltExecutable.Outcome {
        try workspace.cardprep(["audit", "verify", workspace.pipeline])
    }

    @Test func aCleanRunEndsWithASignedCheckpointThatVerifies() throws {
        let workspace = try Self.archivedWorkspace()
        let file = workspace.output + "/audit/checkpoint-000001.txt"
        #expect(FileManager.default.fileExists(atPath: file))
        let log = try String(contentsOfFile: workspace.output + "/vault/audit-checkpoints.log", encoding: .utf8)
        #expect(log.hasPrefix("{\"number\":1,"))
        let signed = try BuiltExecutable.system("/usr/bin/ssh-keygen").run(
            [
                "-Y", "verify", "-f", workspace.root + "/keys/allowed_signers", "-I", "cardprep@demo-bureau", "-n",
                "cardprep-audit",
                "-s", file + ".sig",
            ], input: try Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(signed.status == 0, "\(signed.standardError)")

        let verified = try workspace.cardprep(["audit", "verify", workspace.pipeline, "--json"])
        #expect(verified.status == 0, "\(verified.standardOutput)")
        let json = try JSONSerialization.jsonObject(with: Data(verified.standardOutput.utf8)) as? [String: Any] ?? [:]
        #expect(json["passed"] as? Bool == true && json["latestCheckpoint"] as? Int == 1)
        #expect((json["latestCheckpointSeq"] as? Int).map(Int64.init) == (json["lastSeq"] as? Int).map(Int64.init))
        #expect(try workspace.cardprep(["vault", "verify", workspace.pipeline, "--read-data"]).status == 0)

        // The same drop delivered again: the run adds entries and ends with checkpoint 2; a dry run adds none.
        try FileManager.default.copyItem(
            atPath: SampleWorkspace.packageRoot + "/Fixtures/sample-inbox/cust-01/drop-20261101-01",
            toPath: workspace.root + "/inbox/cust-01/drop-20261101-01")
        let again = try workspace.cardprep(["run", workspace.pipeline, "--json"])
        #expect(again.standardOutput.contains("\"number\":2"), "\(again.standardOutput)")
        _ = try workspace.cardprep(["run", workspace.pipeline, "--dry-run"])
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/audit/checkpoint-000003.txt"))
        #expect(try Self.auditVerify(workspace).status == 0)
    }

    @Test func aCutTailIsNamed() throws {
        let workspace = try Self.archivedWorkspace()
        let last = try #require(try Ledger(path: workspace.output + "/ledger.sqlite").lastAuditEntry()?.seq)
        try Self.sqlite(workspace, "delete from audit where seq >= \(last - 4)")
        let audit = try Self.auditVerify(workspace)
        #expect(audit.status == 5)
        #expect(audit.standardOutput.contains("checkpoint 1: tail cut: it signed audit entry \(last)"), "\(audit.standardOutput)")
        #expect(audit.standardOutput.contains("the log ends at entry \(last - 5)"), "\(audit.standardOutput)")
    }

    @Test func aRewrittenChainIsNamedWhenTheCheckpointsBesideTheLedgerAreDeleted() throws {
        let workspace = try Self.archivedWorkspace()
        var entries = try Ledger(path: workspace.output + "/ledger.sqlite").auditEntries()
        var statements: [String] = []
        for index in 2..<entries.count {  // every entry from the third on, re-chained so that the chain itself holds
            if index == 2 { entries[index].actor = "mallory" }
            entries[index].previousHash = entries[index - 1].hash
            entries[index].hash = entries[index].computedHash
            statements.append(
                "UPDATE audit SET actor = '\(entries[index].actor)', previousHash = '\(entries[index].previousHash)', "
                    + "hash = '\(entries[index].hash)' WHERE seq = \(entries[index].seq);")
        }
        try Self.sqlite(workspace, statements.joined(separator: "\n"))
        try FileManager.default.removeItem(atPath: workspace.output + "/audit")
        let audit = try Self.auditVerify(workspace)
        #expect(audit.status == 5)
        let output = audit.standardOutput
        #expect(output.contains("checkpoint 1: rewritten chain: audit entry \(entries.last!.seq) has hash"), "\(output)")
        #expect(output.contains("checkpoint 1: deleted: missing from \(workspace.output)/audit"), "\(output)")
        #expect(!output.split(separator: "\n").contains { $0.hasPrefix("chain: ") }, "the chain itself holds: \(output)")
    }

    @Test(arguments: [
        (
            "UPDATE cardFingerprint SET fingerprint = zeroblob(32) WHERE fingerprint = (SELECT MIN(fingerprint) FROM cardFingerprint)",
            "table cardFingerprint: a row that checkpoint 1 covered was edited"
        ),
        (
            "UPDATE step SET summary = '2 card data file(s)' WHERE stage = 'ingest'",
            "table step: a row that checkpoint 1 covered was edited"
        ),
        (
            "UPDATE step SET summary = summary || ', edited' WHERE stage = 'reconcile'",
            "table step: rows that checkpoint 1 covered changed with no audit entry"
        ),
        (
            "UPDATE delivery SET receivedAt = '2020-01-01 00:00:00.000'",
            "table delivery: a row that checkpoint 1 covered was edited"
        ),
        ("DELETE FROM delivery", "table delivery: 1 row(s) that checkpoint 1 covered are gone"),
        (
            "DELETE FROM cardFingerprint WHERE fingerprint = (SELECT MAX(fingerprint) FROM cardFingerprint)",
            "table cardFingerprint: 1 row(s) that checkpoint 1 covered are gone"
        ),
        ("UPDATE \"drop\" SET state = 'reconciled'", "table drop: drop "),
    ])
    func anEditedOrDeletedRowIsNamedByItsTable(statement: String, expected: String) throws {
        let workspace = try Self.archivedWorkspace()
        try Self.sqlite(workspace, statement)
        let audit = try Self.auditVerify(workspace)
        #expect(audit.status == 5)
        #expect(audit.standardOutput.contains(expected), "\(audit.standardOutput)")
    }

    /// The lookups are derived and not digested: a row removed from one, or slipped in, is found against its table,
    /// and the command the fault names builds it again.
    @Test func aLookupThatDisagreesWithItsTableIsNamedAndBuiltAgain() throws {
        let workspace = try Self.archivedWorkspace()
        let merged = try workspace.cardprep(["ledger", "merge", workspace.pipeline])
        #expect(merged.status == 0, "\(merged.standardError)")
        #expect(merged.standardOutput.contains("merged the card fingerprints of 1 drop(s)"), "\(merged.standardOutput)")
        #expect(try Self.auditVerify(workspace).status == 0)

        try Self.sqlite(
            workspace,
            """
            DELETE FROM cardFingerprintLookup WHERE fingerprint = (SELECT MIN(fingerprint) FROM cardFingerprintLookup);
            INSERT INTO cardTraceMaskedLookup SELECT '411111******9999', initials, setID, traceRow FROM cardTraceMaskedLookup LIMIT 1;
            """)
        let audit = try Self.auditVerify(workspace)
        #expect(audit.status == 5)
        let output = audit.standardOutput
        #expect(
            output.contains("table cardFingerprintLookup: 1 row(s) of cardFingerprint missing from it and 0 row(s)"), "\(output)")
        #expect(output.contains("table cardTraceMaskedLookup: 0 row(s) of cardTrace missing from it and 1 row(s)"), "\(output)")
        let command = try #require(output.split(separator: "\n").first { $0.contains("cardprep ledger merge") })
        let pasted = try #require(command.range(of: "cardprep ")).upperBound
        let words = command[pasted...].split(separator: " ").map(String.init)
        #expect(words == ["ledger", "merge", workspace.pipeline, "--rebuild"])
        let rebuilt = try workspace.cardprep(words)
        #expect(rebuilt.status == 0, "\(rebuilt.standardError)")
        #expect(rebuilt.standardOutput.hasPrefix("rebuilt the lookups: "), "\(rebuilt.standardOutput)")
        let again = try Self.auditVerify(workspace)
        #expect(again.status == 0, "\(again.standardOutput)")
    }

    @Test func aBundleSwappedTogetherWithItsLedgerDigestIsNamed() throws {
        let workspace = try Self.archivedWorkspace()
        let other = try Self.archivedWorkspace()  // the same drop archived elsewhere: a genuine, signed bundle of it
        let record = try #require(try Ledger(path: workspace.output + "/ledger.sqlite").bundles().first)
        let theirs = try #require(try Ledger(path: other.output + "/ledger.sqlite").bundles().first)
        #expect(record.path == theirs.path && record.sha256 != theirs.sha256)
        for suffix in ["", ".sig"] {
            let path = workspace.output + "/vault/" + record.path + suffix
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: other.output + "/vault/" + theirs.path + suffix, toPath: path)
        }
        try Self.sqlite(workspace, "UPDATE vaultBundle SET sha256 = '\(theirs.sha256)'")
        let vault = try workspace.cardprep(["vault", "verify", workspace.pipeline, "--read-data"])
        #expect(vault.status == 5)
        #expect(
            vault.standardOutput.contains("audit: the ledger records SHA-256 \(theirs.sha256), its bundle.written entry"),
            "\(vault.standardOutput)")
        #expect(vault.standardOutput.contains("index.jsonl line 1: sha256 is \(record.sha256), the ledger says \(theirs.sha256)"))
        let audit = try Self.auditVerify(workspace)
        #expect(audit.status == 5)
        #expect(
            audit.standardOutput.contains("table vaultBundle: a row that checkpoint 1 covered was edited"),
            "\(audit.standardOutput)")
    }

    @Test func anEditedIndexLineIsNamed() throws {
        let workspace = try Self.archivedWorkspace()
        let index = workspace.output + "/vault/index.jsonl"
        let text = try String(contentsOfFile: index, encoding: .utf8)
        try text.replacingOccurrences(of: "\"quantity\":24", with: "\"quantity\":25").write(
            toFile: index, atomically: true, encoding: .utf8)
        let vault = try workspace.cardprep(["vault", "verify", workspace.pipeline, "--json"])
        #expect(vault.status == 5)
        #expect(
            vault.standardOutput.contains("index.jsonl line 1: quantity is 25, the ledger says 24"), "\(vault.standardOutput)")
        try (text + "{\"id\":\"0000\"}\n").write(toFile: index, atomically: true, encoding: .utf8)
        let stray = try workspace.cardprep(["vault", "verify", workspace.pipeline])
        #expect(stray.status == 5)
        #expect(stray.standardOutput.contains("index.jsonl line 2: unreadable"), "\(stray.standardOutput)")
    }
}
