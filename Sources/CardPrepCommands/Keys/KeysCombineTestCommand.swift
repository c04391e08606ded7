import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep keys combine-test PIPELINE --share FILE … [--remove-identity]`.
struct KeysCombineTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine-test",
        abstract: "Check that custodians' shares recombine the vault's identity; print only its recipient.",
        discussion: """
            The plaintext shares (each custodian decrypts their own, best through process substitution so it never \
            lands on disk) are recombined in memory and checked against the vault's recipients file and, while it \
            exists, the identity file. Only the recipient is printed, and a vault-key.combine-tested audit event is \
            recorded. With --remove-identity the identity file is then removed, and the vault key exists only as \
            shares; refused while the pipeline runs the archive stage, which needs it. Too few shares, or a share \
            given twice: exit 64. A corrupted share, shares of different splits, or shares of another key: exit 5, \
            naming the share.

            Example (after the example of keys split; the demo keys of alice and carol):
            cardprep keys combine-test Pipelines/sample.yml \\
              --share <(age -d -i Output/sample/keys/staff/alice \\
                Output/sample/shares/alice.share.age) \\
              --share <(age -d -i Output/sample/keys/staff/carol \\
                Output/sample/shares/carol.share.age)

            \(ExitCodeTable.helpText)
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(name: .customLong("share"), help: "A custodian's plaintext share (a file or <(age -d …)); M of them.")
    var shares: [String] = []
    @Flag(help: "Remove the vault identity file once the shares recombine it.") var removeIdentity = false

    struct Output: Encodable {
        var set: String
        var shares: [Int]
        var threshold: Int
        var recipients: [String]
        var removed: String?
    }

    func run() throws {
        let (definition, ledger, settings, context) = try options.load()
        let (key, removed) = try failing {
            try VaultKeySplit(pipeline: definition, ledger: ledger, context: context, settings: settings)
                .testCombine(shareFiles: shares, removeIdentity: removeIdentity)
        }
        if options.json {
            return try printJSON(
                Output(set: key.set, shares: key.indexes, threshold: key.threshold, recipients: key.recipients, removed: removed), format: .keyCombineTest)
        }
        print(
            "shares \(key.indexes.map(String.init).joined(separator: ", ")) of set \(key.set) recombine the vault key \(key.recipients.joined(separator: ", "))"
        )
        if let removed { print("removed \(removed): the vault key now exists only as shares") }
    }
}
