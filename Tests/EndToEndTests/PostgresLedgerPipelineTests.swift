import Foundation
import LedgerStoreTestSupport
import Testing

/// The sample pipeline with its ledger on a real PostgreSQL server (`ledger:` URL): the run, the commands that read
/// and verify it, and the faults of a server that cannot be reached or refuses the password.
@Suite struct PostgresLedgerPipelineTests {
    @Test func theSamplePipelineRunsOnAPostgresLedgerAndItsAuditVerifies() throws {
        let url = try PostgresTestServer.newDatabase()
        let workspace = try SampleWorkspace(ledger: url)
        let check = try workspace.cardprep(["check", workspace.pipeline, "--json"])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("holds no ledger yet") == false, "the destruction signed first created the ledger")

        let run = try workspace.cardprep(["run", workspace.pipeline, "--json"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/ledger.sqlite"), "no SQLite ledger beside it")

        let status = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        #expect(status.status == 0, "\(status.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        let drops = try #require(json["drops"] as? [[String: Any]])
        #expect(drops.map { $0["state"] as? String } == ["archived"])

        let audit = try workspace.cardprep(["audit", "verify", workspace.pipeline])
        #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
        let vault = try workspace.cardprep(["vault", "verify", workspace.pipeline, "--read-data"])
        #expect(vault.status == 0, "\(vault.standardOutput)\(vault.standardError)")

        // The rows are in the server's database, where another host reads them.
        let rows = try PostgresTestServer.psqlOutput(url, #"SELECT "state" FROM "drop""#)
        #expect(rows.trimmingCharacters(in: .whitespacesAndNewlines) == "archived")

        // Delivered again: the shared ledger knows it.
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/sample-inbox/cust-01/drop-20261101-01",
                                         toPath: workspace.root + "/inbox/cust-01/drop-20261101-01")
        let again = try workspace.cardprep(["run", workspace.pipeline])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("0 ingested, 1 duplicate"), "\(again.standardOutput)")
    }

    @Test func anUnreachableServerStopsTheRunWithItsAddressAndTakesNoDrop() throws {
        let port = try Self.closedPort()
        let workspace = try SampleWorkspace(
            stages: ["ingest", "validate"], production: nil,
            ledger: "postgres://cardprep@127.0.0.1:\(port)/cardprep?sslmode=disable&connect_timeout=2")
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 1, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardError.contains("cannot reach the ledger's PostgreSQL server 127.0.0.1:\(port)/cardprep"),
                "\(run.standardError)")
        #expect(FileManager.default.fileExists(atPath: workspace.root + "/inbox/cust-01/drop-20261101-01/MANIFEST.sha256"))

        let check = try workspace.cardprep(["check", workspace.pipeline])
        #expect(check.status != 0)
        #expect(check.standardOutput.contains("pipeline.yml:20: cannot reach the ledger's PostgreSQL server")
                    || check.standardError.contains("pipeline.yml:20: cannot reach the ledger's PostgreSQL server"),
                "\(check.standardOutput)\(check.standardError)")
    }

    @Test func aWrongPasswordIsNamedAndTheJSONErrorCarriesTheExitCode() throws {
        let url = try PostgresTestServer.newDatabase()
        var components = try #require(URLComponents(string: url))
        components.password = "not-the-password"
        let workspace = try SampleWorkspace(stages: ["ingest", "validate"], production: nil, ledger: try #require(components.string))
        let status = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        #expect(status.status == 1)
        #expect(status.standardOutput.contains("refused the password of role"), "\(status.standardOutput)")
        #expect(!status.standardOutput.contains("not-the-password"), "the password is never shown")
        #expect(!status.standardError.contains("not-the-password"))
    }

    /// A loopback port nothing listens on.
    static func closedPort() throws -> Int {
        for _ in 0..<20 {
            let port = Int.random(in: 20_000..<60_000)
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/bin/bash")
            probe.arguments = ["-c", "exec 3<>/dev/tcp/127.0.0.1/\(port)"]
            probe.standardError = FileHandle.nullDevice
            try probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus != 0 { return port }
        }
        throw CocoaError(.fileNoSuchFile)
    }
}
