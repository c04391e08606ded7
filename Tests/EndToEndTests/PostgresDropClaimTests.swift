import Foundation
import LedgerStoreTestSupport
import Testing

/// `cardprep` processes on a PostgreSQL ledger leave a drop another host holds to it, show the holder in `status`,
/// and take the drop once that host's lease has run out.
@Suite struct PostgresDropClaimTests {
    @Test func aDropHeldByAnotherHostIsSkippedShownAndTakenOnceItsLeaseRunsOut() throws {
        let url = try PostgresTestServer.newDatabase()
        let workspace = try SampleWorkspace(stages: ["ingest", "validate"], production: nil, ledger: url)
        let ingest = try workspace.cardprep(["ingest", workspace.pipeline])
        #expect(ingest.status == 0, "\(ingest.standardOutput)\(ingest.standardError)")
        let id = try PostgresTestServer.psqlOutput(url, #"SELECT "id" FROM "drop""#).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(id.count == 64)
        // host-b claims the drop's validation, with ten minutes of lease.
        _ = try PostgresTestServer.psqlOutput(
            url,
            #"""
            INSERT INTO "dropClaim" ("dropID", "stage", "holderHost", "holderPID", "token", "leaseUntil")
            VALUES ('\#(id)', 'validate', 'host-b', 4242, 1000,
                    (extract(epoch from clock_timestamp()) * 1000)::bigint + 600000)
            """#)

        let status = try workspace.cardprep(["status", workspace.pipeline])
        #expect(status.status == 0, "\(status.standardError)")
        #expect(
            status.standardOutput.contains(
                "\(id.prefix(12))  cust-01/drop-20261101-01  validate  held by host-b (pid 4242), lease"),
            "\(status.standardOutput)")
        let json = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let claims = try #require(object["claims"] as? [[String: Any]])
        #expect(
            claims.map { "\($0["dropID"] as? String ?? "") \($0["stage"] as? String ?? "") \($0["host"] as? String ?? "")" }
                == ["\(id) validate host-b"])

        let skipped = try workspace.cardprep(["validate", workspace.pipeline, "--json"])
        #expect(skipped.status == 0, "\(skipped.standardOutput)\(skipped.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(skipped.standardOutput.utf8)) as? [String: Any])
        let held = try #require(report["heldElsewhere"] as? [[String: Any]])
        #expect(
            held.map { "\($0["dropID"] as? String ?? "") \($0["host"] as? String ?? "") \($0["pid"] as? Int ?? 0)" }
                == ["\(id) host-b 4242"])
        #expect((report["summary"] as? String)?.contains("1 drop(s) held by host-b") == true)
        #expect(try PostgresTestServer.psqlOutput(url, #"SELECT "state" FROM "drop""#).contains("ingested"))

        // host-b died: its lease runs out and the next run validates the drop.
        _ = try PostgresTestServer.psqlOutput(url, #"UPDATE "dropClaim" SET "leaseUntil" = 0"#)
        let taken = try workspace.cardprep(["validate", workspace.pipeline])
        #expect(taken.status == 0, "\(taken.standardOutput)\(taken.standardError)")
        #expect(try PostgresTestServer.psqlOutput(url, #"SELECT "state" FROM "drop""#).contains("validated"))
        #expect(
            try PostgresTestServer.psqlOutput(url, #"SELECT count(*) FROM "dropClaim" WHERE "leaseUntil" > 0"#)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let audit = try workspace.cardprep(["audit", "verify", workspace.pipeline])
        #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
    }
}
