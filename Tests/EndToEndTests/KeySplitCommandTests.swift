import CardPrepLedger
import Foundation
import Testing

/// The vault key split 3 of 5 between custodians with the built `cardprep`, each custodian opening their share with
/// the `age` tool and their own SSH key, as the printed commands say.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/age"), "the age tool is not installed"))
struct KeySplitCommandTests {
    static let custodians = ["alice", "carol", "dave", "erin", "frank"]

    /// An archived workspace whose register holds the six demo people (bob's key is ECDSA).
    static func workspace() throws -> SampleWorkspace {
        let workspace = try DualControlCommandTests.workspace()
        try workspace.addPeople(custodians + ["bob"])
        return workspace
    }

    /// Splits the vault key and has each custodian paste the command printed for them.
    /// - Returns: the split's output and each custodian's plaintext share, saved under `plain/` for the test.
    static func split(_ workspace: SampleWorkspace) throws -> (output: String, shares: [String: String]) {
        let split = try workspace.cardprep(
            ["keys", "split", workspace.pipeline, "--shares", "5", "--threshold", "3", "--out", "shares"]
                + custodians.flatMap { ["--custodian", $0] })
        #expect(split.status == 0, "\(split.standardError)")
        let lines = split.standardOutput.split(separator: "\n").map(String.init)
        try FileManager.default.createDirectory(atPath: workspace.root + "/plain", withIntermediateDirectories: true)
        var shares: [String: String] = [:]
        for person in custodians {
            let command = try #require(lines.first { $0.hasPrefix("  \(person): age -d -i ~/.ssh/id_ed25519 ") })
            let home = try DualControlCommandTests.home(for: person, keyFile: "id_ed25519", in: workspace)
            let opened = try DualControlCommandTests.paste(
                String(command.dropFirst("  \(person): ".count)), home: home, in: workspace)
            #expect(opened.status == 0, "\(opened.output)")
            #expect(opened.output.hasPrefix("CARDPREP-SHARE-1-"), "\(opened.output)")
            shares[person] = workspace.root + "/plain/" + person + ".share"
            try opened.output.write(toFile: shares[person]!, atomically: true, encoding: .utf8)
        }
        return (split.standardOutput, shares)
    }

    @Test func anyThreeCustodiansOpenTheVaultAndTwoDoNot() throws {
        let workspace = try Self.workspace()
        let (output, shares) = try Self.split(workspace)
        let recipient = try String(contentsOfFile: workspace.root + "/vault-keys/bureau.agekey.pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(output.contains("vault key \(recipient) split"), "\(output)")
        for person in Self.custodians {
            let file = workspace.root + "/shares/\(person).share.age"
            #expect(FileManager.default.fileExists(atPath: file))
            #expect(!(try String(contentsOfFile: file, encoding: .isoLatin1)).contains("CARDPREP-SHARE"))
        }
        let events = try Ledger(path: workspace.output + "/ledger.sqlite").auditEntries().filter { $0.event == "vault-key.split" }
        #expect(events.count == 1)
        #expect(events.first?.details.contains("custodians=alice,carol,dave,erin,frank") == true, "\(events)")
        #expect(events.first?.details.contains("CARDPREP-SHARE") == false)

        // The test-combine step as printed, each custodian's share decrypted with their own key.
        let lines = output.split(separator: "\n").map(String.init)
        var combine = try #require(lines.first { $0.hasPrefix("  cardprep keys combine-test ") })
        for person in Self.custodians {
            combine = combine.replacingOccurrences(
                of: "-i ~/.ssh/id_ed25519 \(workspace.root)/shares/\(person).share.age",
                with: "-i \(workspace.root)/home-\(person)/.ssh/id_ed25519 \(workspace.root)/shares/\(person).share.age")
        }
        let tested = try DualControlCommandTests.paste(combine, home: workspace.root, in: workspace)
        #expect(tested.status == 0, "\(tested.output)")
        #expect(tested.output.contains("recombine the vault key \(recipient)"), "\(tested.output)")
        #expect(!tested.output.contains("AGE-SECRET-KEY") && !tested.output.contains("CARDPREP-SHARE"))

        // From here on the vault identity file is gone: the shares alone open bundles.
        let removed = try workspace.cardprep(
            ["keys", "combine-test", workspace.pipeline, "--remove-identity"]
                + ["erin", "alice", "dave"].flatMap { ["--share", shares[$0]!] })
        #expect(removed.status == 0, "\(removed.standardError)")
        #expect(!FileManager.default.fileExists(atPath: workspace.root + "/vault-keys/bureau.agekey"))
        #expect(try workspace.cardprep(["vault", "verify", workspace.pipeline, "--read-data"]).status == 1)
        let audit = try workspace.cardprep(["audit", "verify", workspace.pipeline])
        #expect(audit.status == 0, "\(audit.standardOutput) \(audit.standardError)")
        #expect(audit.standardOutput.contains("give --share to read them"), "\(audit.standardOutput)")
        let auditWithShares = try workspace.cardprep(
            ["audit", "verify", workspace.pipeline] + ["carol", "erin", "frank"].flatMap { ["--share", shares[$0]!] })
        #expect(auditWithShares.status == 0, "\(auditWithShares.standardOutput) \(auditWithShares.standardError)")
        #expect(!auditWithShares.standardOutput.contains("0 in bundles"), "\(auditWithShares.standardOutput)")

        for three in [["alice", "carol", "dave"], ["frank", "erin", "carol"], ["dave", "alice", "frank"]] {
            let verified = try workspace.cardprep(
                ["vault", "verify", workspace.pipeline, "--read-data"] + three.flatMap { ["--share", shares[$0]!] })
            #expect(verified.status == 0, "\(three): \(verified.standardOutput) \(verified.standardError)")
            #expect(verified.standardOutput.contains("ok  "))
        }
        let two = try workspace.cardprep(
            ["vault", "verify", workspace.pipeline, "--read-data", "--share", shares["alice"]!, "--share", shares["erin"]!])
        #expect(two.status == 64)
        #expect(two.standardError.contains("2 shares of set") && two.standardError.contains("3 needed"), "\(two.standardError)")

        var corrupted = Array(try String(contentsOfFile: shares["carol"]!, encoding: .utf8))
        corrupted[40] = corrupted[40] == "A" ? "B" : "A"
        try String(corrupted).write(toFile: workspace.root + "/plain/carol-bad.share", atomically: true, encoding: .utf8)
        let bad = try workspace.cardprep(
            [
                "vault", "verify", workspace.pipeline, "--read-data", "--share", shares["alice"]!, "--share",
                workspace.root + "/plain/carol-bad.share", "--share", shares["dave"]!,
            ])
        #expect(bad.status == 5)
        #expect(bad.standardError.contains("plain/carol-bad.share is a corrupted key share"), "\(bad.standardError)")

        // vault open: dual control as before, the key from three shares.
        let found = try workspace.cardprep(["vault", "find", workspace.pipeline, "--json"])
        let id = try #require(
            ((try JSONSerialization.jsonObject(with: Data(found.standardOutput.utf8)) as? [String: Any])?["bundles"] as? [[String: Any]])?.first?["id"] as? String
        )
        let opened = try workspace.cardprepSigned(
            [
                "vault", "open", workspace.pipeline, id, "--to", workspace.root + "/opened", "--opener", "alice", "--witness",
                "bob",
                "--reason", "dispute 2026-114",
            ] + ["carol", "dave", "frank"].flatMap { ["--share", shares[$0]!] })
        #expect(opened.status == 0, "\(opened.standardOutput) \(opened.standardError)")
        #expect(FileManager.default.fileExists(atPath: workspace.root + "/opened/MANIFEST"))
        let openedEvent = try Ledger(path: workspace.output + "/ledger.sqlite").auditEntries().last {
            $0.event == "bundle.opened"
        }
        #expect(openedEvent?.details.contains("vault-key=shares") == true, "\(String(describing: openedEvent))")
    }

    @Test func custodiansArchiveWithTheirSharesOnceTheKeyIsRemoved() throws {
        let workspace = try VaultCommandTests.ingestedWorkspace()
        try workspace.addPeople(["alice", "carol", "dave"])
        let shares = try workspace.splitVaultKey(among: ["alice", "carol", "dave"])
        let removed = try workspace.cardprep(
            [
                "keys", "combine-test", workspace.pipeline, "--remove-identity", "--share", shares["dave"]!, "--share",
                shares["alice"]!,
            ])
        #expect(removed.status == 0, "\(removed.standardError)")
        #expect(removed.standardOutput.contains("the vault key now exists only as shares"))

        let withoutKey = try workspace.cardprep(["vault", "archive", workspace.pipeline])
        #expect(withoutKey.status == 1)
        #expect(withoutKey.standardError.contains("give M --share options"), "\(withoutKey.standardError)")
        let archived = try workspace.cardprep(
            ["vault", "archive", workspace.pipeline, "--share", shares["carol"]!, "--share", shares["alice"]!])
        #expect(archived.status == 0, "\(archived.standardOutput) \(archived.standardError)")
        #expect(archived.standardOutput.contains("1 archived"), "\(archived.standardOutput)")
    }

    @Test func custodiansWhoCannotHoldAShareAreRefused() throws {
        let workspace = try SampleWorkspace(stages: ["ingest"])
        try FileManager.default.createDirectory(atPath: workspace.output, withIntermediateDirectories: true)
        _ = try workspace.cardprep(["keys", "generate", "--dir", workspace.root + "/vault-keys", "--principal", "vault@test"])
        try workspace.addPeople(Self.custodians + ["bob"])
        func split(_ people: [String], shares: Int = 3) throws -> BuiltExecutable.Outcome {
            try workspace.cardprep(
                [
                    "keys", "split", workspace.pipeline, "--vault-identity", "vault-keys/bureau.agekey", "--shares",
                    String(shares),
                    "--threshold", "2", "--out", "shares",
                ] + people.flatMap { ["--custodian", $0] })
        }
        let cases: [([String], String)] = [
            (["alice", "bob", "carol"], "custodian bob has no ssh-ed25519 key"),
            (["alice", "zoe", "carol"], "custodian zoe is not in the approved register"),
            (["alice", "alice", "carol"], "custodian alice is named twice"),
            (["alice", "carol"], "2 custodians named for 3 shares"),
        ]
        for (people, message) in cases {
            let refused = try split(people)
            #expect(refused.status == 64, "\(people): \(refused.standardError)")
            #expect(refused.standardError.contains(message), "\(refused.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.root + "/shares/alice.share.age"))
        #expect(try split(["alice", "carol", "dave"]).status == 0)
        let again = try split(["alice", "carol", "dave"])
        #expect(again.status == 64)
        #expect(again.standardError.contains("exists already"), "\(again.standardError)")

        // Shares of another key than the pipeline's vault key (this split was of vault-keys/bureau.agekey).
        var shares: [String] = []
        for person in ["alice", "dave"] {
            let opened = try BuiltExecutable.system("/usr/bin/age").run(
                ["-d", "-i", workspace.root + "/staff/" + person, workspace.root + "/shares/\(person).share.age"])
            shares.append(workspace.root + "/\(person).share")
            try opened.standardOutput.write(toFile: shares.last!, atomically: true, encoding: .utf8)
        }
        let other = try workspace.cardprep(["keys", "combine-test", workspace.pipeline] + shares.flatMap { ["--share", $0] })
        #expect(other.status == 5)
        #expect(other.standardError.contains("not the vault's"), "\(other.standardError)")
    }

    @Test func theIdentityStaysWhileThePipelineArchives() throws {
        let workspace = try SampleWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.output, withIntermediateDirectories: true)
        try workspace.addPeople(["alice", "carol"])
        let split = try workspace.cardprep(
            [
                "keys", "split", workspace.pipeline, "--shares", "2", "--threshold", "2", "--out", "shares", "--custodian",
                "alice",
                "--custodian", "carol",
            ])
        #expect(split.status == 0, "\(split.standardError)")
        var shares: [String] = []
        for person in ["alice", "carol"] {
            let opened = try BuiltExecutable.system("/usr/bin/age").run(
                ["-d", "-i", workspace.root + "/staff/" + person, workspace.root + "/shares/\(person).share.age"])
            #expect(opened.status == 0, "\(opened.standardError)")
            shares.append(workspace.root + "/\(person).share")
            try opened.standardOutput.write(toFile: shares.last!, atomically: true, encoding: .utf8)
        }
        let refused = try workspace.cardprep(
            ["keys", "combine-test", workspace.pipeline, "--remove-identity"] + shares.flatMap { ["--share", $0] })
        #expect(refused.status == 64)
        #expect(refused.standardError.contains("the archive stage"), "\(refused.standardError)")
        #expect(FileManager.default.fileExists(atPath: workspace.root + "/keys/vault.agekey"))
        let tested = try workspace.cardprep(["keys", "combine-test", workspace.pipeline] + shares.flatMap { ["--share", $0] })
        #expect(tested.status == 0, "\(tested.standardError)")
    }
}

/// The examples of `keys split --help` and `keys combine-test --help` work when pasted, from a copy of the repository's
/// sample pipeline staged as `Pipelines/demo.sh` stages it.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/age"), "the age tool is not installed"))
struct KeyCeremonyHelpExampleTests {
    /// The example of a command's `--help`: the lines after `Example` up to the first empty line.
    static func example(_ arguments: [String]) throws -> String {
        let help = try BuiltExecutable(name: "cardprep").run(arguments + ["--help"]).standardOutput
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Example") })
        return lines[(start + 1)...].prefix { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Runs `script` in bash in `folder`, with the built `cardprep` on the PATH.
    static func bash(_ script: String, in folder: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
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

    @Test func theExamplesWorkOnTheSamplePipeline() throws {
        let folder = try TemporaryFolder()
        let root = folder.url.path
        for name in ["Pipelines", "Fixtures"] {
            try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/" + name, toPath: root + "/" + name)
        }
        // Pipelines/demo.sh without installing and building: stage the keys and the drop, then run.
        let demo = try String(contentsOfFile: root + "/Pipelines/demo.sh", encoding: .utf8)
            .split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("bash Pipelines/install") && !$0.hasPrefix("swift build") && !$0.hasPrefix("cd ") }
            .map { $0.hasPrefix("exec ") ? "cardprep run Pipelines/sample.yml" : $0.replacingOccurrences(of: ".build/debug/cardprep", with: "cardprep") }
            .joined(separator: "\n")
        let staged = try Self.bash(demo, in: root)
        #expect(staged.status == 0, "\(staged.output)")

        let split = try Self.bash(try Self.example(["keys", "split"]), in: root)
        #expect(split.status == 0, "\(split.output)")
        #expect(split.output.contains("any 2 of 3 shares recombine it"), "\(split.output)")
        let tested = try Self.bash(try Self.example(["keys", "combine-test"]), in: root)
        #expect(tested.status == 0, "\(tested.output)")
        #expect(tested.output.contains("recombine the vault key age1"), "\(tested.output)")
    }
}
