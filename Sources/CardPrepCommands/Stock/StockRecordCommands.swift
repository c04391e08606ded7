import ArgumentParser
import CardPrepCore
import CardPrepLedger
import Foundation

/// `cardprep stock record`: one movement into or out of an account.
struct StockRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a movement: received, issued, returned, spoiled or destroyed.",
        discussion: "Example: cardprep stock record Pipelines/sample.yml received --customer cust-01 --location HQ --product C01-DEBIT --class blank --quantity 100 --reference DN-2026-118"
    )

    @OptionGroup var options: StockOptions
    @Argument(help: "received, issued, returned, spoiled or destroyed.") var kind: StockMovementKind
    @OptionGroup var account: StockAccountOptions
    @Option(help: "How many cards.") var quantity: Int
    @Option(help: "The delivery note, order id or destruction record id.") var reference = ""
    @Option(help: "A note.") var note = ""
    @Option(help: "When it happened (ISO 8601; default now).") var at: String?

    func validate() throws {
        guard !kind.isCount else { throw ValidationError("counts are recorded with 'cardprep stock count'") }
        guard quantity > 0 else { throw ValidationError("--quantity must be at least 1") }
    }

    func run() throws {
        let (ledger, context) = try options.load()
        let time = try stockTime(at, context: context)
        let movement = StockMovement(time: time, account: account.key, kind: kind, quantity: quantity, reference: reference, note: note)
        let record = try failing { try ledger.recordStockMovement(movement, actor: context.actor, host: context.host, at: context.now()) }
        if options.json { return try printJSON(record, format: .stockMovement) }
        print("recorded \(kind.rawValue) \(quantity): " + stockLine(account.key, record.balanceAfter))
    }
}

/// `cardprep stock count`: a physical count of an account's usable cards.
struct StockCountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Record a physical count; exits with 4 when it differs from the book balance.",
        discussion: "Example: cardprep stock count Pipelines/sample.yml --customer cust-01 --location HQ --product C01-DEBIT --class blank --counted 86 --reference INV-2026-11"
    )

    @OptionGroup var options: StockOptions
    @OptionGroup var account: StockAccountOptions
    @Option(help: "How many usable cards were counted.") var counted: Int
    @Flag(help: "A spot check rather than a regular inventory.") var spotCheck = false
    @Option(help: "The count sheet's reference.") var reference = ""
    @Option(help: "A note.") var note = ""
    @Option(help: "When it was counted (ISO 8601; default now).") var at: String?

    struct Output: Encodable {
        var account: String
        var counted: Int
        var book: Int
        var finding: ReconciliationFinding?
    }

    func validate() throws {
        guard counted >= 0 else { throw ValidationError("--counted cannot be negative") }
    }

    func run() throws {
        let (ledger, context) = try options.load()
        let count = StockMovement(time: try stockTime(at, context: context), account: account.key,
                                  kind: spotCheck ? .spotCheck : .inventory, quantity: counted, reference: reference, note: note)
        let outcome = try failing { try ledger.recordStockCount(count, actor: context.actor, host: context.host, at: context.now()) }
        if options.json {
            try printJSON(Output(account: account.key.description, counted: counted, book: outcome.book, finding: outcome.finding), format: .stockCount)
        } else if let finding = outcome.finding {
            print("VARIANCE \(account.key): \(finding.message)")
        } else {
            print("agrees: \(account.key) counted \(counted), book \(outcome.book)")
        }
        if outcome.finding != nil { throw ExitCode(CardPrepExitCode.discrepancyFound.rawValue) }
    }
}
