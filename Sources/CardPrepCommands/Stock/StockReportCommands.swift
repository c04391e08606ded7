import ArgumentParser
import CardPrepCore
import CardPrepLedger
import Foundation

/// `cardprep stock balance`: every account's balance, or those of one location or product.
struct StockBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Print the balance of every stock account.",
        discussion: "Example: cardprep stock balance Pipelines/sample.yml --customer cust-01 --location HQ --json (accounts kept before registers had customers, that no customer could be told for, show the customer as unassigned)"
    )

    @OptionGroup var options: StockOptions
    @Option(help: "Only accounts of this customer (profile id).") var customer: String?
    @Option(help: "Only accounts of this customer unit or branch.") var location: String?
    @Option(help: "Only accounts of this product.") var product: String?

    struct Line: Encodable {
        var customer: String
        var location: String
        var product: String
        var stockClass: String
        var usable: Int
        var awaitingDestruction: Int
        var total: Int
    }

    func run() throws {
        let (ledger, _) = try options.load()
        let balances = try failing { try ledger.stockBalances() }.filter {
            (customer == nil || $0.account.customer == customer) && (location == nil || $0.account.location == location) && (product == nil || $0.account.product == product)
        }
        if options.json {
            return try printJSON(balances.map {
                Line(customer: $0.account.customer.isEmpty ? "unassigned" : $0.account.customer, location: $0.account.location, product: $0.account.product, stockClass: $0.account.stockClass.rawValue,
                     usable: $0.balance.usable, awaitingDestruction: $0.balance.awaitingDestruction, total: $0.balance.closing)
            }, format: .stockBalance, listKey: "accounts")
        }
        balances.forEach { print(stockLine($0.account, $0.balance)) }
    }
}

/// `cardprep stock history`: one account's movements and counts.
struct StockHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print one account's movements and counts, with the balance after each.",
        discussion: "Example: cardprep stock history Pipelines/sample.yml --customer cust-01 --location HQ --product C01-DEBIT --class blank --from 2026-11-01T00:00:00Z"
    )

    @OptionGroup var options: StockOptions
    @OptionGroup var account: StockAccountOptions
    @Option(help: "Only movements at or after this time (ISO 8601).") var from: String?
    @Option(name: .customLong("to"), help: "Only movements before this time (ISO 8601).") var until: String?

    func run() throws {
        let (ledger, context) = try options.load()
        let start = try from.map { try stockTime($0, context: context) }
        let end = try until.map { try stockTime($0, context: context) }
        let history = try failing { try ledger.stockHistory(account.key, from: start, until: end) }
        if options.json { return try printJSON(history, format: .stockHistory, listKey: "movements") }
        print(account.key.description)
        for entry in history {
            let what = entry.kind.isCount ? "\(entry.kind.rawValue) counted \(entry.quantity) (book \(entry.usableAfter))"
                : "\(entry.kind.rawValue) \(entry.quantity)"
            print("  \(entry.seq ?? 0)  \(Timestamp.iso8601(entry.at))  \(what)  \(entry.reference)  "
                  + "usable \(entry.usableAfter)  awaiting destruction \(entry.awaitingDestructionAfter)  by \(entry.actor)")
        }
    }
}
