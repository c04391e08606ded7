import ArgumentParser
import CardPrepCore
import CardPrepLedger

/// The umbrella command `cardprep`.
public struct CardPrepCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cardprep",
        abstract: "Batch pipeline for card bureaus: ingest, validate, transform, reconcile and archive customer data drops.",
        discussion: ExitCodeTable.helpText,
        version: CardPrepVersion.text(for: "cardprep", ledgerSchema: LedgerVersion.schema),
        subcommands: [RunCommand.self, CheckCommand.self, SystemdCommand.self, IngestCommand.self, ValidateCommand.self, TransformCommand.self, ReconcileCommand.self, InspectCommand.self, ArchiveCommand.self, StatusCommand.self, HistoryCommand.self, TraceCommand.self, RetryCommand.self, HoldCommand.self, ReleaseCommand.self, WithdrawCommand.self, WaiveCommand.self, CloseShortCommand.self, RemakeCommand.self, ComplaintCommand.self, ShippingCommand.self, CryptoCommand.self, QACommand.self, KeysCommand.self, FixturesCommand.self, VaultCommand.self, PeopleCommand.self, SignCommand.self, AuditCommand.self, LedgerCommand.self, StockCommand.self, BenchCommand.self, JSONFormatsCommand.self]
    )

    public init() {}
}

/// The exit-code table as printed under `--help`.
enum ExitCodeTable {
    static var helpText: String {
        "EXIT CODES\n" + CardPrepExitCode.allCases.map { "  \($0.rawValue)\t\($0.meaning)" }.joined(separator: "\n")
    }
}
