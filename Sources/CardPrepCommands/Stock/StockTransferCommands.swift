import ArgumentParser
import CardPrepCore
import CardPrepLedger
import Foundation

extension StockRegisterError {
    /// Whether the movement asked for is itself wrong (a usage error), rather than refused by the balance or the ledger.
    var isUsage: Bool {
        switch self {
        case .futureDated, .sameAccount, .notATransfer, .notAReclassification, .wrongKind: true
        case .insufficient, .ledger: false
        }
    }
}

/// `cardprep stock transfer`: usable cards from one location of a customer to another.
struct StockTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Transfer usable cards between two locations of one customer (headquarters to a branch, or back).",
        discussion: """
            Records transferred-out on the source account and transferred-in on the destination, in one transaction.
            Example: cardprep stock transfer Pipelines/sample.yml --customer cust-01 --from HQ --to BR-NORTH \
            --product C01-DEBIT --class blank --quantity 50 --reference TR-2026-031
            """
    )

    @OptionGroup var options: StockOptions
    @Option(help: "The customer (profile id).") var customer: String
    @Option(help: "The location the cards leave (headquarters or branch code).") var from: String
    @Option(help: "The location the cards go to.") var to: String
    @Option(help: "The product code.") var product: String
    @Option(name: .customLong("class"), help: "The stock class: blank, prefabricated or obsolete.") var stockClass: StockClass
    @Option(help: "How many cards.") var quantity: Int
    @Option(help: "The transfer note's reference.") var reference: String
    @Option(help: "A note.") var note = ""
    @Option(help: "When the cards left (ISO 8601; default now; never in the future).") var at: String?

    func validate() throws {
        guard quantity > 0 else { throw ValidationError("--quantity must be at least 1") }
        guard from != to else { throw ValidationError("--from and --to name the same location \(from)") }
        guard !reference.isEmpty else { throw ValidationError("--reference is required: the transfer note's number") }
    }

    func run() throws {
        let (ledger, context) = try options.load()
        let source = StockAccountKey(customer: customer, location: from, product: product, stockClass: stockClass)
        let destination = StockAccountKey(customer: customer, location: to, product: product, stockClass: stockClass)
        let records = try failing {
            try ledger.transferStock(quantity, from: source, to: destination, time: try stockTime(at, context: context),
                                     reference: reference, note: note, actor: context.actor, host: context.host, at: context.now())
        }
        if options.json { return try printJSON(records, format: .stockTransfer, listKey: "movements") }
        print("transferred \(quantity): " + stockLine(source, records[0].balanceAfter))
        print("            to " + stockLine(destination, records[1].balanceAfter))
    }
}

/// `cardprep stock reclassify`: usable blank or prefabricated cards become obsolete stock at the same location.
struct StockReclassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Reclassify usable blank or prefabricated cards as obsolete (same customer, location and product).",
        discussion: """
            Records reclassified-out on the account and reclassified-in on its obsolete account, in one transaction.
            Example: cardprep stock reclassify Pipelines/sample.yml --customer cust-01 --location HQ --product C01-DEBIT \
            --class prefabricated --quantity 20 --reference RC-2026-004 --note "old card design"
            """
    )

    @OptionGroup var options: StockOptions
    @OptionGroup var account: StockAccountOptions
    @Option(help: "How many cards.") var quantity: Int
    @Option(help: "The reclassification's reference.") var reference: String
    @Option(help: "Why the cards are obsolete.") var note = ""
    @Option(help: "When (ISO 8601; default now; never in the future).") var at: String?

    func validate() throws {
        guard quantity > 0 else { throw ValidationError("--quantity must be at least 1") }
        guard account.stockClass != .obsolete else { throw ValidationError("--class obsolete: the cards are obsolete already") }
    }

    func run() throws {
        let (ledger, context) = try options.load()
        let records = try failing {
            try ledger.reclassifyStock(quantity, from: account.key, time: try stockTime(at, context: context), reference: reference,
                                       note: note, actor: context.actor, host: context.host, at: context.now())
        }
        if options.json { return try printJSON(records, format: .stockTransfer, listKey: "movements") }
        var obsolete = account.key
        obsolete.stockClass = .obsolete
        print("reclassified \(quantity): " + stockLine(account.key, records[0].balanceAfter))
        print("             to " + stockLine(obsolete, records[1].balanceAfter))
    }
}
