import Foundation
import Testing

/// The pipeline with its intake key in a token, through age-plugin-cardprep: customers' drops encrypted to the
/// `age1cardprep1…` recipient run through ingest, validate and transform with the `AGE-PLUGIN-CARDPREP-1…` identity,
/// and the run unwraps everything in two plugin sessions (two token logins) whatever the number of drops.
@Suite struct PluginIdentityPipelineTests {
    @Test func dropsEncryptedToTheTokenKeyRunThroughThePipelineWithTwoTokenSessions() throws {
        let workspace = try TokenWorkspace(stages: ["ingest", "validate", "transform"])
        try workspace.putKeysInToken()
        let root = workspace.root
        // The intake key, made in the token as the README says (a P-256 key that may derive).
        let made = try workspace.tool(
            "/usr/bin/pkcs11-tool",
            [
                "--module", TokenWorkspace.module, "--token-label", "cardprep", "--login", "--pin", "1234", "--keypairgen",
                "--key-type", "EC:prime256v1", "--usage-derive", "--label", "intake", "--id", "11",
            ])
        try #require(made.status == 0, "\(made.standardError)")
        // The plugin on the PATH, behind a wrapper that logs each state machine it is started with.
        let bin = root + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let plugin = BuiltExecutable.productsFolder.appendingPathComponent("age-plugin-cardprep").path
        try "#!/bin/sh\necho \"$1\" >> \(root)/plugin-runs.log\nexec \(plugin) \"$@\"\n"
            .write(toFile: bin + "/age-plugin-cardprep", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/age-plugin-cardprep")
        let environment = [
            "SOFTHSM2_CONF": workspace.configuration, "TMPDIR": workspace.sample.temporary,
            "PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ]
        let key =
            "pkcs11:token=cardprep;object=intake;type=private?module-path=\(TokenWorkspace.module)&pin-source=file:\(workspace.pinFile)"
        let identity = try BuiltExecutable.system(plugin).run(["--identity-for", key], environment: environment)
        try #require(identity.status == 0, "\(identity.standardError)")
        try FileManager.default.removeItem(atPath: root + "/keys/bureau.agekey")
        try identity.standardOutput.write(toFile: root + "/keys/bureau.agekey", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/keys/bureau.agekey")
        let recipient = try BuiltExecutable.system(plugin).run(["--recipient-for", key], environment: environment)
        try #require(recipient.status == 0, "\(recipient.standardError)")

        // Three customers' drops, encrypted to the token key's recipient by CardPrep through the plugin.
        try FileManager.default.removeItem(atPath: root + "/inbox")
        let cardprep = BuiltExecutable(name: "cardprep")
        let generated = try cardprep.run(
            [
                "fixtures", "generate", "--out", root + "/inbox", "--customers", "3", "--cards", "6", "--seed", "5",
                "--date", "2026-11-01", "-r", recipient.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines),
                "--profiles", root + "/customers",
            ], environment: environment)
        try #require(generated.status == 0, "\(generated.standardError)")
        try FileManager.default.removeItem(atPath: root + "/inbox/injections.json")
        var text = try String(contentsOfFile: workspace.pipeline, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "customers: \(SampleWorkspace.packageRoot)/Pipelines/customers", with: "customers: customers")
        try text.write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: root + "/plugin-runs.log")

        let run = try cardprep.run(
            ["run", workspace.pipeline, "--json"], in: URL(fileURLWithPath: root), environment: environment)
        #expect(run.status == 0, "\(run.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect((json["validate"] as? [[String: Any]])?.map { $0["accepted"] as? Int } == [6, 6, 6], "\(run.standardOutput)")
        let runs = try String(contentsOfFile: root + "/plugin-runs.log", encoding: .utf8).split(separator: "\n")
        // Identity sessions: the inbox's card data files, then every drop's data key; recipient runs wrap the new data
        // keys (no token needed for that).
        #expect(runs.filter { $0 == "--age-plugin=identity-v1" }.count == 2, "\(runs)")
        #expect(runs.filter { $0 == "--age-plugin=recipient-v1" }.count == 3, "\(runs)")
    }

    @Test func theREADMECommandsThatPutTheIntakeKeyInATokenWorkWhenPasted() throws {
        let workspace = try TokenWorkspace()
        let readme = try String(contentsOfFile: SampleWorkspace.packageRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```sh\n# The intake key pair"))
        let end = try #require(readme.range(of: "```\n", range: start.upperBound..<readme.endIndex))
        let commands = String(readme[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "/etc/cardprep", with: workspace.root + "/etc")
        try FileManager.default.createDirectory(atPath: workspace.root + "/etc/keys", withIntermediateDirectories: true)
        let pasted = try workspace.tool(
            "/bin/sh", ["-ec", "PATH=\"$0:$PATH\"\n# The intake key pair" + commands, BuiltExecutable.productsFolder.path])
        #expect(pasted.status == 0, "\(pasted.standardOutput)\(pasted.standardError)")
        let identity = try String(contentsOfFile: workspace.root + "/etc/keys/bureau.agekey", encoding: .utf8)
        let recipient = try String(contentsOfFile: workspace.root + "/etc/keys/bureau.agekey.pub", encoding: .utf8)
        #expect(identity.split(separator: "\n").contains { $0.hasPrefix("AGE-PLUGIN-CARDPREP-1") })
        #expect(identity.contains("# recipient: " + recipient.trimmingCharacters(in: .whitespacesAndNewlines)))
        let mode =
            try FileManager.default.attributesOfItem(atPath: workspace.root + "/etc/keys/bureau.agekey")[.posixPermissions]
            as? Int
        #expect(mode == 0o600)
        // Stock age encrypts to the recipient; cardprep decrypts with the identity, the plugin on the PATH.
        let environment = [
            "SOFTHSM2_CONF": workspace.configuration,
            "PATH": BuiltExecutable.productsFolder.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ]
        let encrypted = try BuiltExecutable.system("/usr/bin/age").run(
            ["-r", recipient.trimmingCharacters(in: .whitespacesAndNewlines), "-a"], input: Data("cards\n".utf8),
            environment: environment)
        #expect(encrypted.status == 0, "\(encrypted.standardError)")
        let decrypted = try BuiltExecutable(name: "cardprep").run(
            ["crypto", "decrypt", "-i", workspace.root + "/etc/keys/bureau.agekey"], input: Data(encrypted.standardOutput.utf8),
            environment: environment)
        #expect(decrypted.status == 0 && decrypted.standardOutput == "cards\n", "\(decrypted.standardError)")
    }
}
