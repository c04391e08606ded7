import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep vault find`: search the vault index.
struct VaultFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "List bundles by customer, contract, customer unit, product, date range and quantity.",
        discussion: """
            A drop of several products or customer units is filed as MIXED; --product and --unit find it under each \
            product and unit its cards have.

            Examples: cardprep vault find Pipelines/sample.yml --contract C-2026-001 --from 2026-01-01 --to 2026-12-31 --json
                      cardprep vault find Pipelines/sample.yml --customer cust-01 --product C01-ACCESS --min-quantity 1000
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(help: "Only bundles of this customer.") var customer: String?
    @Option(help: "Only bundles of this contract number.") var contract: String?
    @Option(help: "Only bundles of this customer unit code.") var unit: String?
    @Option(help: "Only bundles with cards of this product code (also drops of several products).") var product: String?
    @Option(help: "Only bundles dated on or after this day (YYYY-MM-DD).") var from: String?
    @Option(name: .customLong("to"), help: "Only bundles dated on or before this day (YYYY-MM-DD).") var through: String?
    @Option(help: "Only bundles of at least this many cards.") var minQuantity: Int?
    @Option(help: "Only bundles of at most this many cards.") var maxQuantity: Int?
    @Flag(help: "Also list bundles purged after their retention.") var includePurged = false

    func validate() throws {
        for day in [from, through].compactMap({ $0 }) where CalendarDate(day) == nil {
            throw ValidationError("'\(day)' is not a date of the form YYYY-MM-DD")
        }
    }

    func run() throws {
        let (_, ledger, _) = try options.vaultAndLedger()
        let query = VaultQuery(
            contract: contract, unit: unit, product: product, from: from, through: through, includePurged: includePurged,
            customer: customer, minimumQuantity: minQuantity, maximumQuantity: maxQuantity)
        let found = try failing { try ledger.bundles(matching: query) }
        if options.json { try printJSON(found, format: .vaultFind, listKey: "bundles") } else { found.forEach { print(BundleLine.text($0)) } }
    }
}

/// `cardprep vault history`: the chain of custody of one bundle.
struct VaultHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a bundle's chain of custody: receipt, ingest, archive, openings, loans with who signed for them, purge.",
        discussion: "Example: cardprep vault history Pipelines/sample.yml 3f2a9c0d11e4b7a2"
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The bundle: its id, its drop's id, or its path in the vault.") var bundle: String

    struct Output: Encodable {
        var bundle: VaultBundleRecord
        var custody: [AuditEntry]
        var loans: [CustodyLoanRecord]
        var statements: [SignedStatementRecord]
    }

    func run() throws {
        let (vault, ledger, _) = try options.vaultAndLedger()
        let record = try failing { try vault.bundle(named: bundle) }
        let (entries, loans) = try failing { try vault.history(record) }
        let statements = try failing { try ledger.signedStatements(subject: "bundle \(record.id)") }
        if options.json { return try printJSON(Output(bundle: record, custody: entries, loans: loans, statements: statements), format: .vaultHistory) }
        print(BundleLine.text(record))
        for entry in entries {
            let details = entry.details.split(separator: "\n").joined(separator: " ")
            print("  \(entry.seq)  \(entry.at)  \(entry.event)  \(entry.actor)@\(entry.host)  \(details)")
        }
        for loan in loans {
            let people = loan.returnedBy.map { " by \($0), received by \(loan.receivedBy ?? "-")" } ?? ""
            let back = loan.inAt.map { "returned \(Timestamp.iso8601($0))\(people) \(loan.returnedUnchanged == true ? "unchanged" : "CHANGED")" } ?? "out"
            print("  loan \(loan.seq ?? 0): \(loan.borrower) (\(loan.reason); approved by \(loan.approvedBy)) \(Timestamp.iso8601(loan.outAt)), \(back)")
        }
        for statement in statements {
            print("  signed \(statement.action) \(Timestamp.iso8601(statement.acceptedAt)): \(statement.signers) "
                  + "(\(statement.keys); statement \(statement.digest.prefix(16)))")
        }
    }
}

/// `cardprep vault reindex`: rebuild the vault's index file from the ledger.
struct VaultReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the vault's index file (index.jsonl) from the ledger and report any mismatch.",
        discussion: "Example: cardprep vault reindex Pipelines/sample.yml\n\nExits with 5 when a bundle is missing or unknown."
    )

    @OptionGroup var options: VaultOptions

    struct Output: Encodable {
        var indexed: Int
        var missing: [String]
        var unknown: [String]
    }

    func run() throws {
        let (_, ledger, settings) = try options.vaultAndLedger()
        let result = try failing { try VaultIndex(settings: settings, ledger: ledger).rebuild() }
        if options.json {
            try printJSON(Output(indexed: result.indexed, missing: result.missing, unknown: result.unknown), format: .vaultReindex)
        } else {
            print("vault: \(result.indexed) bundle(s) indexed in \(settings.indexFile)")
            result.missing.forEach { print("missing from the vault: \($0)") }
            result.unknown.forEach { print("not in the ledger: \($0)") }
        }
        if !result.missing.isEmpty || !result.unknown.isEmpty { throw ExitCode(CardPrepExitCode.verificationFailed.rawValue) }
    }
}
