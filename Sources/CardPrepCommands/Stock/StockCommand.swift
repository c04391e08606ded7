import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation
import Logging

/// `cardprep stock`: the card stock register.
struct StockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Record stock movements, physical counts and signed destructions; print balances and history.",
        discussion: """
            One account per customer, location (its headquarters or a branch), product and stock class (blank, \
            prefabricated, obsolete). Balances: closing = opening + in - out, in = received + returned + \
            transferred-in + reclassified-in, out = issued + destroyed + transferred-out + reclassified-out; spoiled \
            moves cards from usable to awaiting destruction. A movement dated in the future is refused. A count that \
            differs from the usable book balance exits with 4. A drop's floor stock.csv is posted to its customer's \
            accounts once, when the drop reconciles. 'stock statement' prints a customer's signed balance statement.

            Spoiled cards are destroyed with 'stock destroy', on a statement signed by the person who destroys them \
            and a witness each from production, security and the warehouse; reconcile checks the floor's \
            destruction.csv against these signed records ('stock destructions' lists them).
            """,
        subcommands: [
            StockRecordCommand.self, StockCountCommand.self, StockDestroyCommand.self, StockDestructionsCommand.self,
            StockBalanceCommand.self, StockHistoryCommand.self, StockTransferCommand.self, StockReclassifyCommand.self,
            StockStatementCommand.self,
        ]
    )
}

/// The options every stock command shares: the pipeline (for its ledger) and `--json`.
struct StockOptions: ParsableArguments {
    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    /// Under `--json`, failures are reported as JSON too (see `CommandFailure`).
    func validate() throws { CommandFailure.json = json }

    /// The pipeline's ledger and a live context, or a usage or failure exit.
    func load() throws -> (Ledger, RunContext) {
        let (_, ledger, context) = try loadPipeline()
        return (ledger, context)
    }

    /// The pipeline, its ledger and a live context, or a usage or failure exit.
    func loadPipeline() throws -> (PipelineDefinition, Ledger, RunContext) {
        CommandFailure.json = json
        let definition: PipelineDefinition
        do { definition = try PipelineDefinition.load(path: pipeline) } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
        let ledger = try failing {
            try FileManager.default.createDirectory(atPath: definition.output, withIntermediateDirectories: true)
            return try definition.openLedger()
        }
        return (definition, ledger, RunContext.live(logger: Logger(label: "cardprep")))
    }
}

/// The account a stock command is about.
struct StockAccountOptions: ParsableArguments {
    @Option(help: "The customer (its profile id, e.g. cust-01) whose stock it is.") var customer: String
    @Option(help: "The customer's unit (headquarters) or branch code.") var location: String
    @Option(help: "The product code.") var product: String
    @Option(name: .customLong("class"), help: "The stock class: blank, prefabricated or obsolete.") var stockClass: StockClass

    var key: StockAccountKey { StockAccountKey(customer: customer, location: location, product: product, stockClass: stockClass) }
}

extension StockClass: ExpressibleByArgument {}
extension StockMovementKind: ExpressibleByArgument {}
extension DestructionRecord.Method: ExpressibleByArgument {}

/// Reads `--at`: an ISO 8601 time, or now.
func stockTime(_ text: String?, context: RunContext) throws -> Date {
    guard let text else { return context.now() }
    guard let time = try? Date(text, strategy: .iso8601) else {
        throw CommandFailure.report("'\(text)' is not an ISO 8601 time such as 2026-11-03T09:00:00Z", code: .usage)
    }
    return time
}

/// One balance line as the stock commands print it.
func stockLine(_ account: StockAccountKey, _ balance: StockBalance) -> String {
    "\(account)  usable \(balance.usable)  awaiting destruction \(balance.awaitingDestruction)  total \(balance.closing)"
}
