import Foundation
import Testing

/// The sample drop through ingest, the vault and the audit log, with the built `cardprep`.
@Suite struct VaultCommandTests {
    /// The sample workspace run through a pipeline that ends at its jobs, with a vault key set and `archive.yml` beside
    /// the pipeline (in place before the run, whose audit checkpoint goes beside that vault).
    static func ingestedWorkspace() throws -> SampleWorkspace {
        let workspace = try SampleWorkspace(stages: ["ingest", "validate", "transform"])
        let keys = try workspace.cardprep(["keys", "generate", "--dir", workspace.root + "/vault-keys", "--principal", "vault@test"])
        #expect(keys.status == 0, "\(keys.standardError)")
        try """
            vault: vault
            recipients: vault-keys/bureau.agekey.pub
            identity: vault-keys/bureau.agekey
            signing: keys/bureau-signing
            order_schema: \(SampleWorkspace.packageRoot)/Pipelines/schemas/order-v1.xsd
            """.write(toFile: workspace.root + "/archive.yml", atomically: true, encoding: .utf8)
        let ran = try workspace.cardprep(["run", workspace.pipeline])
        #expect(ran.status == 0, "\(ran.standardError)")
        return workspace
    }

    @Test func archiveVerifyCheckpointAndTamper() throws {
        let workspace = try Self.ingestedWorkspace()
        let archived = try workspace.cardprep(["vault", "archive", workspace.pipeline])
        #expect(archived.status == 0, "\(archived.standardOutput)\(archived.standardError)")
        #expect(archived.standardOutput.contains("1 archived"))
        let work = (try? FileManager.default.contentsOfDirectory(atPath: workspace.output + "/work")) ?? []
        #expect(work.isEmpty, "\(work)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: workspace.output + "/keys/drops"))?.isEmpty ?? true)

        let found = try workspace.cardprep(["vault", "find", workspace.pipeline, "--json"])
        #expect(found.status == 0)
        let records = (try JSONSerialization.jsonObject(with: Data(found.standardOutput.utf8)) as? [String: Any])?["bundles"] as? [[String: Any]] ?? []
        let id = try #require(records.first?["id"] as? String)
        let path = try #require(records.first?["path"] as? String)

        let verified = try workspace.cardprep(["vault", "verify", workspace.pipeline, id, "--read-data"])
        #expect(verified.status == 0, "\(verified.standardOutput)")
        let checkpoint = try workspace.cardprep(["audit", "checkpoint", workspace.pipeline])
        #expect(checkpoint.status == 0, "\(checkpoint.standardError)")
        #expect(try workspace.cardprep(["audit", "verify", workspace.pipeline]).status == 0)

        let bundle = workspace.root + "/vault/" + path
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: bundle)))
        bytes[bytes.count - 20] ^= 0x04
        try Data(bytes).write(to: URL(fileURLWithPath: bundle))
        let broken = try workspace.cardprep(["vault", "verify", workspace.pipeline, id])
        #expect(broken.status == 5)
        #expect(broken.standardOutput.contains("signature:"), "\(broken.standardOutput)")

        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", workspace.output + "/ledger.sqlite", "UPDATE audit SET actor = 'mallory' WHERE seq = 2"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let audit = try workspace.cardprep(["audit", "verify", workspace.pipeline])
        #expect(audit.status == 5)
        #expect(audit.standardOutput.contains("audit entry 2"), "\(audit.standardOutput)")
    }

    @Test func vaultAndAuditHelpShowExamples() throws {
        for command in [["vault"], ["vault", "verify"], ["vault", "open"], ["vault", "checkout"], ["audit"], ["audit", "verify"]] {
            let help = try BuiltExecutable(name: "cardprep").run(command + ["--help"])
            #expect(help.status == 0)
            #expect(help.standardOutput.contains("Example: cardprep"), "\(command)")
        }
    }
}
