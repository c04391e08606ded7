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
            ["waive", pipeline, id, "--reason", "r", "--requester", "alice", "--approver", "frank"],
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

        try workspace.addPeople(["alice", "bob", "frank"])
        let hold = try workspace.cardprepSigned(["hold", pipeline, id, "--reason", "customer asked to wait", "--requester", "alice"])
        #expect(hold.status == 0 && hold.standardOutput.contains("jobs issued → on hold (signed by requester alice)"),
                "\(hold.standardOutput)\(hold.standardError)")
        let archiveHeld = try workspace.cardprep(["vault", "archive", pipeline, "--drop", id])
        #expect(archiveHeld.status == 6 && archiveHeld.standardError.contains("is on hold"), "\(archiveHeld.standardError)")
        let release = try workspace.cardprepSigned(
            ["release", pipeline, "cust-01/drop-20261101-01", "--reason", "customer confirmed", "--requester", "bob", "--approver", "frank"])
        #expect(release.status == 0, "\(release.standardError)")
        #expect(release.standardOutput.contains("on hold → jobs issued (signed by requester bob, approver frank)"), "\(release.standardOutput)")

        let history = try workspace.cardprep(["history", pipeline, id, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(history.standardOutput.utf8)) as? [String: Any])
        let transitions = object["transitions"] as? [[String: Any]] ?? []
        #expect(transitions.map { $0["to"] as? String ?? "" } == ["received", "ingested", "validated", "jobs-issued", "on-hold", "jobs-issued"])
        #expect(transitions.map { $0["actor"] as? String ?? "" } == ["system", "system", "system", "system", "alice", "bob+frank"])
        let reasons = transitions.map { $0["reason"] as? String ?? "" }
        #expect(reasons.contains("customer asked to wait") && reasons.contains("customer confirmed"))
        let text = try workspace.cardprep(["history", pipeline, id])
        #expect(text.standardOutput.contains("drop.decision") && text.standardOutput.contains("approver=frank"), "\(text.standardOutput)")
    }

    @Test func aDecisionNeedsTheRightPeopleAndChangesNothingOtherwise() throws {
        let (workspace, id) = try Self.workspaceWithJobsIssued()
        try workspace.addPeople(["alice", "bob", "frank"])
        let pipeline = workspace.pipeline
        // Without people named: who may sign, and a command naming people who fit.
        let unnamed = try workspace.cardprep(["hold", pipeline, id, "--reason", "wait"])
        #expect(unnamed.status == 64, "\(unnamed.standardError)")
        #expect(unnamed.standardError.contains("--requester: anyone in the register (alice, bob, frank)"), "\(unnamed.standardError)")
        #expect(unnamed.standardError.contains("--requester alice"), "\(unnamed.standardError)")
        let unapproved = try workspace.cardprep(["hold", pipeline, id, "--reason", "wait", "--requester", "alice", "--approver", "alice"])
        #expect(unapproved.status == 64 && unapproved.standardError.contains("cannot approve their own"), "\(unapproved.standardError)")
        let approvedHold = try workspace.cardprep(["hold", pipeline, id, "--reason", "wait", "--requester", "alice", "--approver", "frank"])
        #expect(approvedHold.status == 64 && approvedHold.standardError.contains("alone"), "\(approvedHold.standardError)")
        let held = try workspace.cardprepSigned(["hold", pipeline, id, "--reason", "wait", "--requester", "alice"])
        #expect(held.status == 0, "\(held.standardError)")
        let bobApproves = try workspace.cardprepSigned(
            ["release", pipeline, id, "--reason", "go on", "--requester", "alice", "--approver", "bob"])
        // An approver without the role supervisor is refused before anything is written to sign.
        #expect(bobApproves.status != 0 && bobApproves.standardOutput.contains("supervisor"), "\(bobApproves.standardOutput)")

        // A statement signed by the requester only is not enough, and one signed for the drop in another state no longer fits.
        let asked = try workspace.cardprep(["release", pipeline, id, "--reason", "go on", "--requester", "alice", "--approver", "frank", "--json"])
        let request = try #require(try JSONSerialization.jsonObject(with: Data(asked.standardOutput.utf8)) as? [String: Any])
        let statement = try #require(request["statementFile"] as? String)
        let alice = try workspace.sign(statement, as: "alice")
        let one = try workspace.cardprep(
            ["release", pipeline, id, "--reason", "go on", "--requester", "alice", "--approver", "frank", "--statement", statement, "--signature", alice])
        #expect(one.status == 64, "\(one.standardError)")
        let state = try workspace.cardprep(["status", pipeline, "--json"])
        #expect(state.standardOutput.contains("\"on-hold\""), "a refused decision changes nothing")
        let frank = try workspace.sign(statement, as: "frank")
        let both = ["release", pipeline, id, "--reason", "go on", "--requester", "alice", "--approver", "frank", "--statement", statement,
                    "--signature", alice, "--signature", frank]
        #expect(try workspace.cardprep(both).status == 0)
        let again = try workspace.cardprep(both)
        #expect(again.status == 6, "the drop is no longer on hold: \(again.standardError)")
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
