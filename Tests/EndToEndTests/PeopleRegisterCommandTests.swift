import Foundation
import Testing

/// A change to the register of people counts only once two people of the register approved before it signed it:
/// until then no signed action is accepted, and the change and its approval are in the ledger and the audit log.
@Suite(.serialized) struct PeopleRegisterCommandTests {
    /// A workspace whose drop is in production's hands, with alice and bob (security) and frank (supervisor).
    static func workspace() throws -> (SampleWorkspace, String) {
        let (workspace, id) = try DropCommandTests.workspaceWithJobsIssued()
        try workspace.addPeople(["alice", "bob", "frank"])
        return (workspace, id)
    }

    static func json(_ outcome: BuiltExecutable.Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any], "\(outcome.standardOutput)\(outcome.standardError)")
    }

    /// Mallory, of security, with a key ssh-keygen makes, written into the people folder by hand.
    static func addMallory(to workspace: SampleWorkspace) throws {
        let key = workspace.root + "/staff/mallory"
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        keygen.arguments = ["-q", "-N", "", "-t", "ed25519", "-C", "mallory@test", "-f", key]
        try keygen.run()
        keygen.waitUntilExit()
        let line = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .newlines)
        try "id: mallory\nname: Mallory Doe\ndepartment: security\nroles: [security, supervisor]\nkeys:\n  - \"\(line)\"\n"
            .write(toFile: workspace.root + "/people/mallory.yml", atomically: true, encoding: .utf8)
    }

    @Test func theRegisterAsFirstUsedIsRecordedAndAChangeNeedsTwoPeopleOfIt() throws {
        let (workspace, id) = try Self.workspace()
        let pipeline = workspace.pipeline
        let held = try workspace.cardprepSigned(["hold", pipeline, id, "--reason", "wait", "--requester", "alice"])
        #expect(held.status == 0, "\(held.standardError)")
        let first = try Self.json(try workspace.cardprep(["people", "list", pipeline, "--json"]))
        #expect(first["version"] as? Int == 1 && first["approvedBy"] as? String == "system")
        #expect((first["people"] as? [[String: Any]])?.map { $0["id"] as? String } == ["alice", "bob", "frank"])

        // Mallory puts herself in the folder, with the roles to approve things.
        try Self.addMallory(to: workspace)
        let release = ["release", pipeline, id, "--reason", "go on", "--requester", "alice", "--approver", "frank"]
        let refused = try workspace.cardprepSigned(release)
        #expect(refused.status == 5, "\(refused.standardOutput)\(refused.standardError)")
        #expect(refused.standardOutput.contains("add person mallory") && refused.standardOutput.contains("cardprep people approve"),
                "\(refused.standardOutput)")
        let listed = try Self.json(try workspace.cardprep(["people", "list", pipeline, "--json"]))
        #expect((listed["pendingChanges"] as? [String])?.first?.hasPrefix("add person mallory (Mallory Doe, security") == true)
        #expect((listed["people"] as? [[String: Any]])?.count == 3, "the approved register lists who may sign")

        // Without people named: who may sign, from the register approved before the change.
        let unnamed = try workspace.cardprep(["people", "approve", pipeline, "--reason", "mallory joins"])
        #expect(unnamed.status == 64)
        #expect(unnamed.standardError.contains("--requester: role security (alice, bob)"), "\(unnamed.standardError)")
        #expect(unnamed.standardError.contains("--approver: role supervisor (frank)"), "\(unnamed.standardError)")
        // Mallory cannot approve her own entry: she is not in the approved register.
        let herself = try workspace.cardprepSigned(
            ["people", "approve", pipeline, "--reason", "mallory joins", "--requester", "alice", "--approver", "mallory"])
        #expect(herself.status == 64 && herself.standardOutput.contains("mallory"), "\(herself.standardOutput)")

        let approved = try workspace.cardprepSigned(
            ["people", "approve", pipeline, "--reason", "mallory joins, ticket HR-7", "--requester", "bob", "--approver", "frank"])
        #expect(approved.status == 0, "\(approved.standardOutput)\(approved.standardError)")
        #expect(approved.standardOutput.contains("approved register version 2, signed by requester=bob, approver=frank"))
        let second = try Self.json(try workspace.cardprep(["people", "list", pipeline, "--json"]))
        #expect(second["version"] as? Int == 2 && second["approvedBy"] as? String == "bob+frank")
        #expect((second["pendingChanges"] as? [String]) == [])
        #expect(try workspace.cardprepSigned(release).status == 0, "signed actions are accepted again")

        let audit = try workspace.cardprep(["audit", "verify", pipeline])
        #expect(audit.status == 0, "\(audit.standardOutput)\(audit.standardError)")
    }

    @Test func aKeySwappedInTheFolderIsRefusedUntilApproved() throws {
        let (workspace, id) = try Self.workspace()
        let pipeline = workspace.pipeline
        #expect(try workspace.cardprepSigned(["hold", pipeline, id, "--reason", "wait", "--requester", "alice"]).status == 0)
        // Someone puts their own key into alice's entry, to sign as her.
        let key = workspace.root + "/staff/alice-new"
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        keygen.arguments = ["-q", "-N", "", "-t", "ed25519", "-C", "alice@new", "-f", key]
        try keygen.run()
        keygen.waitUntilExit()
        let entry = workspace.root + "/people/alice.yml"
        let text = try String(contentsOfFile: entry, encoding: .utf8)
        let oldLine = try #require(text.split(separator: "\n").first { $0.contains("ssh-ed25519") })
        let newLine = "  - \"" + (try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .newlines)) + "\""
        try text.replacingOccurrences(of: String(oldLine), with: newLine).write(toFile: entry, atomically: true, encoding: .utf8)
        let list = try workspace.cardprep(["people", "list", pipeline])
        #expect(list.standardOutput.contains("remove key ssh-ed25519 SHA256:") && list.standardOutput.contains("of alice"), "\(list.standardOutput)")
        #expect(list.standardOutput.contains("add key ssh-ed25519 SHA256:") && list.standardOutput.contains("to alice"))
        let refused = try workspace.cardprep(["release", pipeline, id, "--reason", "go on", "--requester", "alice", "--approver", "frank"])
        #expect(refused.status == 5 && refused.standardError.contains("not the one approved"), "\(refused.standardError)")
        let statements = workspace.output + "/statements"
        let printed = try FileManager.default.contentsOfDirectory(atPath: statements).filter { $0.hasSuffix(".txt") }
        #expect(printed.count == 1, "only the hold's statement; nothing was written to sign for the refused release")
    }
}
