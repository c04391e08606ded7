import ArgumentParser
import CardPrepCore
import CardPrepLedger

/// A staged executable (`cardprep-ingest`, …): the `cardprep` subcommand `Command` under its own name, so that its
/// usage, help and errors name the program that was run, with `--version`.
public struct StagedExecutable<Command: ParsableCommand>: ParsableCommand {
    public static var configuration: CommandConfiguration {
        var configuration = Command.configuration
        let name = "cardprep-" + (Command.configuration.commandName ?? "")
        configuration.commandName = name
        configuration.version = CardPrepVersion.text(for: name, ledgerSchema: LedgerVersion.schema)
        return configuration
    }

    @OptionGroup var command: Command

    public init() {}

    public mutating func run() throws { try command.run() }
}
