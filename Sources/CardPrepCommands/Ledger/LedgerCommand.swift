import ArgumentParser
import CardPrepCore

/// `cardprep ledger`: the ledger itself, as a whole.
public struct LedgerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Move the ledger between databases; merge recent drops into its lookups.",
        discussion: """
            One host keeps the ledger in a SQLite file (<output>/ledger.sqlite); several hosts share one PostgreSQL \
            database, named by the pipeline file's ledger: key. migrate moves an existing SQLite ledger into an empty \
            PostgreSQL database and verifies the copy. merge merges the card fingerprints and card trace of drops \
            recorded since the last merge into the ledger's lookups.

            Example: cardprep ledger migrate --from sqlite:/srv/cardprep/output/ledger.sqlite \
            --to 'postgres://cardprep@db1.bureau.example:5432/cardprep?sslmode=verify-full' \
            --password-file /etc/cardprep/ledger.password

            Example: cardprep ledger merge /etc/cardprep/pipeline.yml --wait

            \(ExitCodeTable.helpText)
            """,
        subcommands: [LedgerMigrateCommand.self, LedgerMergeCommand.self]
    )

    public init() {}
}
