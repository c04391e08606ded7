import ArgumentParser
import CardPrepCore
import CardPrepStages

/// `cardprep keys usage PIPELINE`: which intake key opened which drops, first and last use.
struct KeysUsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "List the intake keys with the drops each opened and its first and last use, for key rotation.",
        discussion: """
            To rotate the intake key: generate a new identity (age-keygen, or cardprep keys generate in another \
            folder), append its AGE-SECRET-KEY line to the pipeline's identity file so both keys open drops, give \
            customers the new recipient, and watch this list: once the old key's last use is older than the \
            transition period agreed with every customer, remove its line from the identity file.

            Example: cardprep keys usage Pipelines/sample.yml --json
            """
    )

    @Argument(help: "The pipeline definition.") var pipeline: String
    @Flag(help: "Print the list as JSON.") var json = false

    func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: false, json: json)
        let usage = try failing { try IntakeKeyUsage.collect(pipeline: environment.pipeline, ledger: environment.ledger) }
        if json { return try printJSON(usage, format: .intakeKeys, listKey: "keys") }
        print(usage.text, terminator: "")
    }
}
