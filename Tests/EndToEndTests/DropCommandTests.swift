import Foundation
import Testing

/// Every command that changes a drop goes through its lifecycle: allowed transitions happen, the others are refused
/// with exit code 6 and a message naming the drop's state and what it needs first.
@Suite(.serialized) struct DropCommandTests {
    /// The sample drop run up to its jobs (production has not reported yet).
    static func workspaceWithJobsIssued() throws -> (SampleWorkspace, String) {
        let workspace = try SampleWorkspace(production: nil)
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let status = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "cardprep-status/1")
        let drop = try #require((object["drops"] as? [[String: Any]])?.first)
        #expect(drop["state"] as? String == "jobs-issued")
        return (workspace, String((drop["dropID"] as! String).prefix(8)))
    }

    @Test func commandsOnADropWithItsJobsIssued() throws {
        let (workspace, id) = try Self.workspaceWithJobsIssued()
        let pipeline = workspace.pipeline
        let refused: [[String]] = [
            ["retry", pipeline, id, "--reason", "r"],
            ["release", pipeline, id, "--reason", "r"],
            ["withdraw", pipeline, id, "--reason", "r"],
            ["vault", "archive", pipeline, "--drop", id],
            ["qa", "lots", pipeline, "--plan-drop", id],
        ]
        for command in refused {
            let outcome = try workspace.cardprep(command)
            #expect(outcome.status == 6, "\(command): \(outcome.standardOutput)\(outcome.standardError)")
            #expect(outcome.standardError.contains("is jobs issued;") && outcome.standardError.contains("first"),
                    "\(command): \(outcome.standardError)")
        }
        // Reconciling is allowed from here, but there is nothing to reconcile yet: a plain failure naming the file.
        let reconcile = try workspace.cardprep(["reconcile", pipeline, "--drop", id])
        #expect(reconcile.status == 1 && reconcile.standardError.contains("production.csv"), "\(reconcile.standardError)")

        let hold = try workspace.cardprep(["hold", pipeline, id, "--reason", "customer asked to wait"])
        #expect(hold.status == 0 && hold.standardOutput.contains("jobs issued → on hold"), "\(hold.standardOutput)\(hold.standardError)")
        let archiveHeld = try workspace.cardprep(["vault", "archive", pipeline, "--drop", id])
        #expect(archiveHeld.status == 6 && archiveHeld.standardError.contains("is on hold"), "\(archiveHeld.standardError)")
        let release = try workspace.cardprep(["release", pipeline, "cust-01/drop-20261101-01", "--reason", "customer confirmed", "--json"])
        #expect(release.status == 0, "\(release.standardError)")
        let released = try #require(try JSONSerialization.jsonObject(with: Data(release.standardOutput.utf8)) as? [String: Any])
        #expect(released["state"] as? String == "jobs-issued" && released["was"] as? String == "on-hold")

        let history = try workspace.cardprep(["history", pipeline, id, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(history.standardOutput.utf8)) as? [String: Any])
        let states = (object["transitions"] as? [[String: Any]] ?? []).map { $0["to"] as? String ?? "" }
        #expect(states == ["received", "ingested", "validated", "jobs-issued", "on-hold", "jobs-issued"])
        let reasons = (object["transitions"] as? [[String: Any]] ?? []).map { $0["reason"] as? String ?? "" }
        #expect(reasons.contains("customer asked to wait") && reasons.contains("customer confirmed"))
        #expect((object["transitions"] as? [[String: Any]] ?? []).allSatisfy { $0["actor"] as? String == "system" })
    }

    @Test func unknownAndAmbiguousDropsAreUsageErrors() throws {
        let (workspace, _) = try Self.workspaceWithJobsIssued()
        for reference in ["deadbeef", "nope", "cust-01/no-such-drop"] {
            let outcome = try workspace.cardprep(["hold", workspace.pipeline, reference, "--reason", "r"])
            #expect(outcome.status == 64, "\(reference): \(outcome.standardError)")
        }
        let json = try workspace.cardprep(["retry", workspace.pipeline, "deadbeef", "--reason", "r", "--json"])
        let error = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(error["format"] as? String == "cardprep-error/1")
        #expect((error["error"] as? [String: Any])?["exitCode"] as? Int == 64)
    }

    @Test func aDryRunCreatesNothing() throws {
        let workspace = try SampleWorkspace(signDestructions: false)
        let outcome = try workspace.cardprep(["run", workspace.pipeline, "--dry-run"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("would be ingested"), "\(outcome.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: workspace.output), "no output folder, ledger or lock")
    }
}
