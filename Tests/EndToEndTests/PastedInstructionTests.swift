import Foundation
import Testing

/// The instructions CardPrep prints for people are commands that work when pasted into a shell.
@Suite(.serialized) struct PastedInstructionTests {
    /// Runs `command` the way a person pastes it: through the shell, with the built `cardprep` on the PATH.
    /// `home` is the person's home folder, for a command that signs with `~/.ssh/…`.
    static func paste(_ command: String, in workspace: SampleWorkspace, home: String? = nil) throws -> BuiltExecutable.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        var environment = ProcessInfo.processInfo.environment
        if let home { environment["HOME"] = home }
        environment["PATH"] = BuiltExecutable.productsFolder.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(), error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
                     standardError: String(decoding: error, as: UTF8.self))
    }

    /// A person's home folder with their demo key where OpenSSH looks for it, `~/.ssh/id_ed25519`.
    static func home(of person: String, in workspace: SampleWorkspace) throws -> String {
        let home = workspace.root + "/home-" + person
        guard !FileManager.default.fileExists(atPath: home) else { return home }
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-staff-\(person)", toPath: home + "/.ssh/id_ed25519")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: home + "/.ssh/id_ed25519")
        return home
    }

    /// Follows a decision's printed instructions as people do: pastes `command`, which names no one and says who may
    /// sign with a command naming people who fit; pastes that, which prints the statement and how each person signs
    /// it; each person pastes their `ssh-keygen` line in their own home; then the command printed last is pasted.
    static func carryOutDecision(_ command: String, in workspace: SampleWorkspace) throws -> BuiltExecutable.Outcome {
        let first = try paste(command, in: workspace)
        #expect(first.status == 64, "\(command): \(first.standardError)")
        let hints = first.standardError.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let named = try #require(hints.firstIndex { $0.hasPrefix("for example") }.map { hints[$0 + 1] }, "\(first.standardError)")
        let asked = try paste(named, in: workspace)
        #expect(asked.status == 64, "\(named): \(asked.standardError)")
        let lines = asked.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var signers = 0
        for (index, line) in lines.enumerated() where line.hasSuffix(" signs with:") {
            let person = String(line.prefix { $0 != " " })
            let signed = try paste(lines[index + 1], in: workspace, home: try home(of: person, in: workspace))
            #expect(signed.status == 0, "\(lines[index + 1]): \(signed.standardError)")
            signers += 1
        }
        #expect(signers > 0, "\(asked.standardOutput)")
        let run = try #require(lines.firstIndex(of: "Then run:").map { lines[$0 + 1] }, "\(asked.standardOutput)")
        return try paste(run, in: workspace)
    }

    @Test func theQuarantineReasonFileSaysHowToReleaseTheDrop() throws {
        let workspace = try SampleWorkspace(production: nil)
        let inboxDrop = workspace.root + "/inbox/cust-01/drop-20261101-01"
        let signature = try Data(contentsOf: URL(fileURLWithPath: inboxDrop + "/MANIFEST.sha256.sig"))
        try FileManager.default.removeItem(atPath: inboxDrop + "/MANIFEST.sha256.sig")
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 3, "\(first.standardOutput)\(first.standardError)")

        let quarantine = workspace.output + "/quarantine/cust-01"
        let reasonFile = try #require(try FileManager.default.contentsOfDirectory(atPath: quarantine).first { $0.hasSuffix(".reason.txt") })
        let reason = try String(contentsOfFile: quarantine + "/" + reasonFile, encoding: .utf8)
        let line = try #require(reason.split(separator: "\n").first { $0.hasPrefix("release: ") })
        let command = try #require(line.range(of: "run: ").map { String(line[$0.upperBound...]) }, "\(line)")
        // The customer sends the signature; security puts it beside the drop, then pastes the command.
        try signature.write(to: URL(fileURLWithPath: quarantine + "/" + String(reasonFile.dropLast(".reason.txt".count)) + "/MANIFEST.sha256.sig"))
        try workspace.addPeople(["alice", "frank"])
        let pasted = try Self.carryOutDecision(command, in: workspace)
        #expect(pasted.status == 0, "\(command): \(pasted.standardOutput)\(pasted.standardError)")
        let next = try workspace.cardprep(["run", workspace.pipeline])
        #expect(next.status == 0, "\(next.standardOutput)\(next.standardError)")
        #expect(next.standardOutput.contains("ingested     cust-01/drop-20261101-01"))
    }

    @Test func theFixOfAFailedDropEndsInACommandThatTakesItOnAgain() throws {
        // A floor report that is not UTF-8 text: the drop fails at reconcile (a mistake of the bureau's configuration
        // would stop the run before any drop is taken, see ConfigurationCheckTests).
        let workspace = try SampleWorkspace()
        let report = workspace.root + "/production/ORD-20261101-01/shipping.csv"
        let original = try Data(contentsOf: URL(fileURLWithPath: report))
        try (original + Data([0xFF, 0xFE, 0x0A])).write(to: URL(fileURLWithPath: report))
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 1, "\(first.standardOutput)\(first.standardError)")
        #expect(first.standardOutput.contains("attention: 1 drop(s) (1 failed)"), "\(first.standardOutput)")

        let status = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        let drop = try #require((object["drops"] as? [[String: Any]])?.first)
        #expect(drop["state"] as? String == "failed")
        let fix = try #require((drop["failure"] as? [String: Any])?["fix"] as? String)
        #expect(fix.contains("correct \(report) with the production floor"), "\(fix)")
        let command = try #require(fix.range(of: "then run: ").map { String(fix[$0.upperBound...]) }, "\(fix)")

        try original.write(to: URL(fileURLWithPath: report))
        let again = try workspace.cardprep(["run", workspace.pipeline])
        #expect(again.status == 1, "a failed drop waits for a person even after the cause is fixed")
        try workspace.addPeople(["alice", "frank"])
        let pasted = try Self.carryOutDecision(command, in: workspace)
        #expect(pasted.status == 0, "\(command): \(pasted.standardOutput)\(pasted.standardError)")
        let next = try workspace.cardprep(["run", workspace.pipeline])
        #expect(next.status == 0, "\(next.standardOutput)\(next.standardError)")
        #expect(next.standardOutput.contains("1 archived"), "\(next.standardOutput)")
    }
}
