import Foundation
import Testing

/// `vault checkout` under dual control with the built `cardprep`, as people use it: the printed commands are pasted
/// into a shell by each person (with their key at OpenSSH's default place), then the printed command is run.
@Suite struct DualControlCommandTests {
    /// An archived sample workspace with a register of alice (Ed25519) and bob (ECDSA P-256), the demo staff keys.
    static func workspace() throws -> SampleWorkspace {
        let workspace = try VaultCommandTests.ingestedWorkspace()
        let archived = try workspace.cardprep(["vault", "archive", workspace.pipeline])
        #expect(archived.status == 0, "\(archived.standardError)")
        try workspace.addPeople()
        return workspace
    }

    /// A home folder for `person` holding their demo key where OpenSSH looks for it.
    static func home(for person: String, keyFile: String, in workspace: SampleWorkspace) throws -> String {
        let home = workspace.root + "/home-" + person
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-staff-\(person)", toPath: home + "/.ssh/" + keyFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home + "/.ssh/" + keyFile)
        return home
    }

    /// Runs `command` in bash as a person pasting it would, with `cardprep` on the PATH.
    static func paste(_ command: String, home: String, in workspace: SampleWorkspace) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.root)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["PATH"] = BuiltExecutable.productsFolder.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func thePrintedInstructionsWorkWhenPasted() throws {
        let workspace = try Self.workspace()
        let found = try workspace.cardprep(["vault", "find", workspace.pipeline, "--json"])
        let id = try #require(
            ((try JSONSerialization.jsonObject(with: Data(found.standardOutput.utf8)) as? [String: Any])?["bundles"] as? [[String: Any]])?.first?["id"] as? String
        )

        let asked = try workspace.cardprep([
            "vault", "checkout", workspace.pipeline, id, "--borrower", "alice", "--approver", "bob",
            "--reason", "dispute 2026-114: card's reissue",
        ])
        #expect(asked.status == 64, "\(asked.standardError)")
        let lines = asked.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("    action: vault.checkout"), "\(asked.standardOutput)")
        let alice = try #require(
            lines.first { $0.hasPrefix("    ssh-keygen") && $0.contains("id_ed25519") && $0.contains(".alice.sig") })
        let bob = try #require(
            lines.first { $0.hasPrefix("    ssh-keygen") && $0.contains("id_ecdsa") && $0.contains(".bob.sig") })
        let rerun = try #require(lines.first { $0.hasPrefix("    cardprep vault checkout") })

        let signedByAlice = try Self.paste(
            alice, home: try Self.home(for: "alice", keyFile: "id_ed25519", in: workspace), in: workspace)
        #expect(signedByAlice.status == 0, "\(signedByAlice.output)")
        let signedByBob = try Self.paste(bob, home: try Self.home(for: "bob", keyFile: "id_ecdsa", in: workspace), in: workspace)
        #expect(signedByBob.status == 0, "\(signedByBob.output)")
        let done = try Self.paste(rerun, home: workspace.root, in: workspace)
        #expect(done.status == 0, "\(done.output)")
        #expect(done.output.contains("checked out to alice, approved by bob"), "\(done.output)")

        let history = try workspace.cardprep(["vault", "history", workspace.pipeline, id])
        #expect(history.status == 0)
        #expect(history.standardOutput.contains("bundle.checkout  alice+bob@"), "\(history.standardOutput)")
        #expect(history.standardOutput.contains("approved by bob"))
        #expect(history.standardOutput.contains("signed vault.checkout"))

        // The second way to sign: cardprep sign with an Ed25519 key file, as printed for alice.
        let again = try workspace.cardprep([
            "vault", "open", workspace.pipeline, id, "--to", workspace.root + "/opened",
            "--opener", "alice", "--witness", "bob", "--reason", "inspection",
        ])
        #expect(again.status == 64)
        let sign = try #require(
            again.standardOutput.split(separator: "\n").map(String.init).first { $0.hasPrefix("    cardprep sign") })
        let signed = try Self.paste(sign, home: workspace.root + "/home-alice", in: workspace)
        #expect(signed.status == 0, "\(signed.output)")
        #expect(signed.output.contains("action: vault.open"))
    }

    @Test func withoutTheRegisterNoOneCanSign() throws {
        let workspace = try VaultCommandTests.ingestedWorkspace()
        #expect(try workspace.cardprep(["vault", "archive", workspace.pipeline]).status == 0)
        let found = try workspace.cardprep(["vault", "find", workspace.pipeline, "--json"])
        let id = try #require(
            ((try JSONSerialization.jsonObject(with: Data(found.standardOutput.utf8)) as? [String: Any])?["bundles"] as? [[String: Any]])?.first?["id"] as? String
        )
        let asked = try workspace.cardprep([
            "vault", "checkout", workspace.pipeline, id, "--borrower", "alice", "--approver", "bob", "--reason", "r",
        ])
        #expect(asked.status == 64)
        #expect(
            asked.standardError.contains("alice, named as borrower, is not in the register of people"), "\(asked.standardError)")
        let old = try workspace.cardprep([
            "vault", "checkout", workspace.pipeline, id, "--borrower", "mallory", "--reason", "r", "--approved-by", "Mallory",
        ])
        #expect(old.status == 64)
    }
}
