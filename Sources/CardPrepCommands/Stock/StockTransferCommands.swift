import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
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

/// `cardprep stock transfer`: usable cards from one location of a customer to another, on a statement warehouse
/// staff sign.
struct StockTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Transfer usable cards between two locations of one customer (headquarters to a branch, or back), signed.",
        discussion: """
            Records transferred-out on the source account and transferred-in on the destination, in one transaction, \
            on a statement a requester of the warehouse department and an approver with the role supervisor sign (the \
            pipeline's dual_control rule stock.transfer may say otherwise). Run first without --statement: it prints \
            the statement, how each person signs it and the command to run then (exit 64). The movements' actor is the \
            two people verified (dave+frank).
            Example: cardprep stock transfer Pipelines/sample.yml --customer cust-01 --from HQ --to BR-NORTH \
            --product C01-DEBIT --class blank --quantity 50 --reference TR-2026-031 --requester dave --approver frank
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
    @Option(help: "A note (also the statement's reason; default: the transfer note's reference).") var note = ""
    @Option(help: "When the cards left (ISO 8601; default now; never in the future).") var at: String?
    @Option(help: "The person id who asks for it (warehouse).") var requester: String?
    @Option(help: "The person id who approves it; another person (supervisor).") var approver: String?
    @OptionGroup var signed: StatementOptions

    func validate() throws {
        guard quantity > 0 else { throw ValidationError("--quantity must be at least 1") }
        guard from != to else { throw ValidationError("--from and --to name the same location \(from)") }
        guard !reference.isEmpty else { throw ValidationError("--reference is required: the transfer note's number") }
        if let requester, requester == approver { throw ValidationError("the requester cannot approve their own request") }
    }

    func run() throws {
        let environment = try CommandEnvironment.open(options.pipeline, changes: true, json: options.json)
        let (ledger, context) = (environment.ledger, environment.context)
        let time = try stockTime(at ?? StatementTime.text(context.now()), context: context)
        let source = StockAccountKey(customer: customer, location: from, product: product, stockClass: stockClass)
        let destination = StockAccountKey(customer: customer, location: to, product: product, stockClass: stockClass)
        let facts = StockMovementStatement(
            action: .stockTransfer, reference: reference, account: source, destination: destination, quantity: quantity, time: time,
            reason: note.isEmpty ? "transfer note \(reference)" : note)
        let approval = try environment.twoPersonApproval(
            .stockTransfer, what: "transferring stock of \(customer)", requester: requester, approver: approver, signed: signed,
            json: options.json, words: { words(environment.pipeline, time: time, people: $0) }
        ) { facts.request(pipeline: environment.pipeline, requester: $0, approver: $1) }
        let records = try failing {
            try ledger.transferStock(quantity, from: source, to: destination, time: time, reference: reference, note: note,
                                     actor: approval.actor, host: context.host, at: context.now(),
                                     statement: approval.record(at: context.now()))
        }
        if options.json { return try printJSON(records, format: .stockTransfer, listKey: "movements") }
        print("transferred \(quantity): " + stockLine(source, records[0].balanceAfter))
        print("            to " + stockLine(destination, records[1].balanceAfter))
        print("signed by \(approval.duties)")
    }

    private func words(_ pipeline: PipelineDefinition, time: Date, people: [String]) -> [String] {
        var words = ["cardprep", "stock", "transfer", pipeline.absoluteFile, "--customer", customer, "--from", from, "--to", to,
                     "--product", product, "--class", stockClass.rawValue, "--quantity", String(quantity), "--reference", reference]
        if !note.isEmpty { words += ["--note", note] }
        return words + ["--at", StatementTime.text(time), "--requester", people[0], "--approver", people[1]]
    }
}

/// `cardprep stock reclassify`: usable blank or prefabricated cards become obsolete stock at the same location, on a
/// statement warehouse staff sign.
struct StockReclassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclassify",
        abstract: "Reclassify usable blank or prefabricated cards as obsolete (same customer, location and product), signed.",
        discussion: """
            Records reclassified-out on the account and reclassified-in on its obsolete account, in one transaction, \
            on a statement a requester of the warehouse department and an approver with the role supervisor sign (the \
            pipeline's dual_control rule stock.reclassify may say otherwise). Run first without --statement: it prints \
            the statement, how each person signs it and the command to run then (exit 64).
            Example: cardprep stock reclassify Pipelines/sample.yml --customer cust-01 --location HQ --product C01-DEBIT \
            --class prefabricated --quantity 20 --reference RC-2026-004 --note "old card design" --requester dave --approver frank
            """
    )

    @OptionGroup var options: StockOptions
    @OptionGroup var account: StockAccountOptions
    @Option(help: "How many cards.") var quantity: Int
    @Option(help: "The reclassification's reference.") var reference: String
    @Option(help: "Why the cards are obsolete (also the statement's reason; default: the reference).") var note = ""
    @Option(help: "When (ISO 8601; default now; never in the future).") var at: String?
    @Option(help: "The person id who asks for it (warehouse).") var requester: String?
    @Option(help: "The person id who approves it; another person (supervisor).") var approver: String?
    @OptionGroup var signed: StatementOptions

    func validate() throws {
        guard quantity > 0 else { throw ValidationError("--quantity must be at least 1") }
        guard account.stockClass != .obsolete else { throw ValidationError("--class obsolete: the cards are obsolete already") }
        guard !reference.isEmpty else { throw ValidationError("--reference is required: the reclassification's number") }
        if let requester, requester == approver { throw ValidationError("the requester cannot approve their own request") }
    }

    func run() throws {
        let environment = try CommandEnvironment.open(options.pipeline, changes: true, json: options.json)
        let (ledger, context) = (environment.ledger, environment.context)
        let time = try stockTime(at ?? StatementTime.text(context.now()), context: context)
        var obsolete = account.key
        obsolete.stockClass = .obsolete
        let facts = StockMovementStatement(
            action: .stockReclassify, reference: reference, account: account.key, destination: obsolete, quantity: quantity,
            time: time, reason: note.isEmpty ? "reclassification \(reference)" : note)
        let approval = try environment.twoPersonApproval(
            .stockReclassify, what: "reclassifying stock of \(account.customer)", requester: requester, approver: approver,
            signed: signed, json: options.json, words: { words(environment.pipeline, time: time, people: $0) }
        ) { facts.request(pipeline: environment.pipeline, requester: $0, approver: $1) }
        let records = try failing {
            try ledger.reclassifyStock(quantity, from: account.key, time: time, reference: reference, note: note,
                                       actor: approval.actor, host: context.host, at: context.now(),
                                       statement: approval.record(at: context.now()))
        }
        if options.json { return try printJSON(records, format: .stockTransfer, listKey: "movements") }
        print("reclassified \(quantity): " + stockLine(account.key, records[0].balanceAfter))
        print("             to " + stockLine(obsolete, records[1].balanceAfter))
        print("signed by \(approval.duties)")
    }

    private func words(_ pipeline: PipelineDefinition, time: Date, people: [String]) -> [String] {
        var words = ["cardprep", "stock", "reclassify", pipeline.absoluteFile, "--customer", account.customer, "--location",
                     account.location, "--product", account.product, "--class", account.stockClass.rawValue, "--quantity",
                     String(quantity), "--reference", reference]
        if !note.isEmpty { words += ["--note", note] }
        return words + ["--at", StatementTime.text(time), "--requester", people[0], "--approver", people[1]]
    }
}

/// What warehouse staff sign for a transfer or a reclassification: the accounts, the quantity, the time and the
/// reference, the same when printed and when signed.
struct StockMovementStatement {
    var action: ControlledAction
    var reference: String
    var account: StockAccountKey
    var destination: StockAccountKey
    var quantity: Int
    var time: Date
    var reason: String

    /// `stock transfer TR-2026-031` or `stock reclassification RC-2026-004`, with the customer.
    var subject: String {
        "stock \(action == .stockTransfer ? "transfer" : "reclassification") \(reference) of \(account.customer)"
    }

    func request(pipeline: PipelineDefinition, requester: String, approver: String) -> StatementRequest {
        var fields = [Statement.Field("requester", requester), .init("approver", approver), .init("customer", account.customer)]
        if action == .stockTransfer {
            fields += [.init("from", account.location), .init("to", destination.location)]
        } else {
            fields += [.init("location", account.location), .init("to-class", destination.stockClass.rawValue)]
        }
        fields += [.init("product", account.product), .init("class", account.stockClass.rawValue), .init("quantity", String(quantity)),
                   .init("time", StatementTime.text(time)), .init("reference", reference)]
        return StatementRequest(action: action, subject: subject, pipeline: pipeline.name, fields: fields, reason: reason)
    }
}
