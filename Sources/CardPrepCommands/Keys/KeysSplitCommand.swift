import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep keys split PIPELINE --shares N --threshold M --custodian ID … --out DIR`.
struct KeysSplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split the vault's identity between custodians: any M of N shares open the vault.",
        discussion: """
            The vault identity (the pipeline's vault settings, or --vault-identity) is split with Shamir's scheme \
            over GF(256) into N shares, any M of which recombine it. Each custodian's share is written to \
            DIR/<id>.share.age, encrypted with age to the custodian's ssh-ed25519 keys in the approved register of \
            people, so that only they open it (age -d -i ~/.ssh/id_ed25519 DIR/<id>.share.age). A vault-key.split \
            audit event records the share set, N, M, the custodians and their key fingerprints, never a share. The \
            identity file is left in place: test the shares with cardprep keys combine-test, which removes it on \
            --remove-identity (see "Key ceremony" in the README).

            Example (the sample pipeline, after Pipelines/demo.sh):
            cardprep keys split Pipelines/sample.yml --shares 3 --threshold 2 \\
              --custodian alice --custodian carol --custodian dave \\
              --out Output/sample/shares

            \(ExitCodeTable.helpText)
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(help: "How many shares to make (N, at most 255): one per custodian.") var shares: Int
    @Option(help: "How many shares recombine the key (M, 2 … N).") var threshold: Int
    @Option(name: .customLong("custodian"), help: "A person id of the register who keeps a share; one per share.")
    var custodians: [String] = []
    @Option(help: "The folder to write the encrypted shares into (created if needed).") var out: String

    func validate() throws {
        CommandFailure.json = options.json
        guard (2...255).contains(shares) else { throw ValidationError("--shares must be 2 … 255, not \(shares)") }
        guard (2...shares).contains(threshold) else {
            throw ValidationError("--threshold must be 2 … \(shares), not \(threshold)")
        }
    }

    struct Output: Encodable {
        struct Custodian: Encodable {
            var id: String
            var file: String
            var keys: [String]
            var command: String
        }

        var set: String
        var shares: Int
        var threshold: Int
        var recipients: [String]
        var custodians: [Custodian]
        var combineTest: String
    }

    func run() throws {
        let (definition, ledger, settings, context) = try options.load()
        guard let identityFile = settings.identityFile else {
            throw CommandFailure.report(
                "the pipeline's vault settings name no identity file; give --vault-identity FILE", code: .usage)
        }
        let folder = absolutePath(out)
        let outcome = try failing {
            let register = try RegisterApproval(pipeline: definition, ledger: ledger, context: context).approvedRegister()
            let named = try VaultKeySplit.custodians(custodians, count: shares, register: register, folder: folder)
            return try VaultKeySplit(pipeline: definition, ledger: ledger, context: context, settings: settings)
                .split(identityFile: identityFile, custodians: named, count: shares, threshold: threshold, folder: folder)
        }
        let combine = KeyCeremony.combineTestCommand(
            options: options, pipeline: definition, files: outcome.custodians.prefix(threshold).map(\.file))
        if options.json {
            return try printJSON(
                Output(
                    set: outcome.set, shares: outcome.count, threshold: outcome.threshold, recipients: outcome.recipients,
                    custodians: outcome.custodians.map {
                        .init(
                            id: $0.id, file: $0.file, keys: $0.keys.map(\.fingerprint),
                            command: KeyCeremony.decryptCommand($0.file))
                    },
                    combineTest: combine),
                format: .keySplit)
        }
        print(
            "vault key \(outcome.recipients.joined(separator: ", ")) split: set \(outcome.set), any \(threshold) of \(shares) shares recombine it"
        )
        let width = outcome.custodians.map(\.id.count).max() ?? 0
        for custodian in outcome.custodians {
            let padded = custodian.id.padding(toLength: width, withPad: " ", startingAt: 0)
            print("  \(padded)  \(custodian.file)  (\(custodian.keys.map(\.fingerprint).joined(separator: ", ")))")
        }
        print("Each custodian checks their share with their own ssh-ed25519 key (it prints the share: keep it off disk):")
        for custodian in outcome.custodians { print("  \(custodian.id): \(KeyCeremony.decryptCommand(custodian.file))") }
        print("Then test that \(threshold) shares recombine the vault key, each custodian's share decrypted with their key:")
        print("  " + combine)
        print("and, once it passes, keep the key only as shares: the same command with --remove-identity.")
    }
}

/// The commands the key ceremony prints for people to paste.
enum KeyCeremony {
    /// What a custodian runs to see their share: `age -d -i ~/.ssh/id_ed25519 FILE`.
    static func decryptCommand(_ file: String) -> String { "age -d -i ~/.ssh/id_ed25519 " + Shell.quoted(file) }

    /// `cardprep keys combine-test PIPELINE --share <(age -d -i ~/.ssh/id_ed25519 FILE) …`, shares never on disk.
    static func combineTestCommand(options: VaultOptions, pipeline: PipelineDefinition, files: [String]) -> String {
        var words = ["cardprep", "keys", "combine-test", pipeline.absoluteFile].map(Shell.quoted)
        if let archiveSettings = options.archiveSettings {
            words += ["--archive-settings", Shell.quoted(absolutePath(archiveSettings))]
        }
        if let identity = options.vaultIdentity { words += ["--vault-identity", Shell.quoted(absolutePath(identity))] }
        for file in files { words += ["--share", "<(\(decryptCommand(file)))"] }
        return words.joined(separator: " ")
    }
}
