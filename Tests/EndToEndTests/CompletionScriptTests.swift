import Foundation
import Testing

/// The shell completions `Pipelines/install-cli.sh` installs are generated from the command definitions: the bash
/// script parses and completes every subcommand, the new ones too.
@Suite struct CompletionScriptTests {
    @Test func theBashCompletionParsesAndNamesTheSubcommands() throws {
        let script = try BuiltExecutable(name: "cardprep").run(["--generate-completion-script", "bash"])
        #expect(script.status == 0, "\(script.standardError)")
        for name in ["run", "check", "systemd", "status", "trace", "remake", "shipping", "qa", "vault", "stock"] {
            #expect(script.standardOutput.contains(name), "\(name)")
        }
        let folder = try TemporaryFolder()
        let file = folder.url.path + "/cardprep.bash"
        try script.standardOutput.write(toFile: file, atomically: true, encoding: .utf8)
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/bin/bash")
        check.arguments = ["-n", file]
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "bash -n refused the completion script")
        let installer = try String(contentsOfFile: SampleWorkspace.packageRoot + "/Pipelines/install-cli.sh", encoding: .utf8)
        #expect(installer.contains("generate-manual") && installer.contains("--generate-completion-script bash"))
    }
}
