import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep stock destroy`: record a destruction of spoiled cards, signed by its executor and three witnesses.
struct StockDestroyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Record a destruction of spoiled cards, on a statement signed by its executor and three witnesses.",
        discussion: """
            Run first without --statement: the statement to sign (the four people, then product, quantity, serials, \
            method, place, CCTV reference and time) is written under <output>/statements and printed with the \
            commands each person signs it with, and the command to run then (exit 64 until it is signed). By default \
            the executor is anyone in the register of people and the witnesses are of the production, security and \
            warehouse departments, four different people (the pipeline's dual_control block, cards.destroy, may ask \
            for more). With the statement and the four signatures the destruction is recorded in one transaction with \
            the people who signed it, the statement, the audit event cards.destroyed and, with --location and \
            --class, the stock movement destroyed (reference: the record id) out of that account's cards awaiting \
            destruction. A record id is used once. Reconcile matches the floor's destruction.csv against these \
            records by id. A signature that does not verify, a key not in the register, the same person twice or a \
            stale statement: exit 5, nothing recorded.

            Example: cardprep stock destroy Pipelines/sample.yml --record-id DES-2026-0007 --product C01-DEBIT \
            --quantity 1 --serials CD000004 --method shredding --place "Secure room 2" --cctv CAM2-20261104-1600 \
            --time 2026-11-04T16:00:00Z --executor bob --production-witness erin --security-witness alice \
            --warehouse-witness dave --reason "spoiled in production, order ORD-20261101-01"
            """
    )

    @OptionGroup var options: StockOptions
    @Option(name: .customLong("record-id"), help: "The destruction record's id, as the floor's destruction.csv names it.")
    var recordID: String
    @Option(help: "The product code of the cards destroyed.") var product: String
    @Option(help: "How many cards were destroyed.") var quantity: Int
    @Option(help: "The serials destroyed: 'first-last' or one serial, separated by ';'.") var serials: String
    @Option(help: "shredding, incineration, punching or milling.") var method: DestructionRecord.Method
    @Option(help: "Where the cards were destroyed.") var place: String
    @Option(help: "The reference of the camera recording of the destruction (required).") var cctv: String
    @Option(help: "When the cards were destroyed (ISO 8601; default now, and the command printed names it).") var time: String?
    @Option(help: "The person id (in the register of people) who destroyed the cards.") var executor: String
    @Option(help: "The person id of the production witness.") var productionWitness: String
    @Option(help: "The person id of the security witness.") var securityWitness: String
    @Option(help: "The person id of the warehouse witness.") var warehouseWitness: String
    @Option(help: "Why the cards were destroyed.") var reason: String
    @Option(help: "With --class: the stock account (customer unit or branch) whose cards awaiting destruction these are.")
    var location: String?
    @Option(name: .customLong("class"), help: "With --location: the stock class, blank, prefabricated or obsolete.")
    var stockClass: StockClass?
    @Option(help: "With --location: the customer (profile id) whose stock account it is.") var customer: String?
    @OptionGroup var signed: StatementOptions

    func validate() throws {
        guard !cctv.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--cctv is required: the reference of the camera recording of the destruction")
        }
        guard quantity > 0 else { throw ValidationError("--quantity must be at least 1") }
        let ranges = try serialRanges()
        let named = ranges.reduce(0) { $0 + $1.count }
        guard named == quantity else {
            throw ValidationError("--quantity is \(quantity), but --serials names \(named) card(s)")
        }
        guard (location == nil) == (stockClass == nil), (location == nil) == (customer == nil) else {
            throw ValidationError("--customer, --location and --class name the stock account together: give all three or none")
        }
        if let time, Self.date(time) == nil {
            throw ValidationError("--time '\(time)' is not an ISO 8601 time such as 2026-11-04T16:00:00Z")
        }
    }

    func run() throws {
        let (definition, ledger, context) = try options.loadPipeline()
        let facts = CardDestruction.Facts(
            recordID: recordID, product: product, quantity: quantity, serials: try serialRanges(), method: method,
            place: place, cctv: cctv, time: time.flatMap(Self.date) ?? context.now(),
            account: location.map {
                StockAccountKey(customer: customer!, location: $0, product: product, stockClass: stockClass!)
            })
        let recorded = try failing { try ledger.signedDestruction(id: recordID) }
        if let earlier = recorded {
            throw CommandFailure.report(
                "\(CardDestructionError.recordedAlready(id: earlier.id, at: earlier.recordedAt, executor: earlier.executor))",
                code: .failure)
        }
        let people = CardDestruction.People(
            executor: executor, productionWitness: productionWitness, securityWitness: securityWitness,
            warehouseWitness: warehouseWitness)
        let request = CardDestruction.request(pipeline: definition, facts: facts, people: people, reason: reason)
        let dualControl: DualControl
        do { dualControl = try DualControl(pipeline: definition, ledger: ledger, context: context) } catch {
            throw CommandFailure.report(error)
        }
        let approval = try signed.approval(
            for: request, dualControl: dualControl, rerun: rerunWords(definition, facts), json: options.json)
        let record: SignedDestructionRecord
        do {
            record = try CardDestruction(pipeline: definition, ledger: ledger, context: context).record(facts, approval: approval)
        } catch let error as CardDestructionError {
            if case .otherStatement = error { throw CommandFailure.report("\(error)", code: .verificationFailed) }
            throw CommandFailure.report("\(error)", code: .failure)
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
        if options.json { return try printJSON(record, format: .destruction) }
        print("stock: destruction \(record.id) recorded: " + DestructionLine.text(record))
    }

    /// The command to run again with the signatures: these options, with the time the statement names.
    private func rerunWords(_ definition: PipelineDefinition, _ facts: CardDestruction.Facts) -> [String] {
        var words = [
            "cardprep", "stock", "destroy", definition.absoluteFile, "--record-id", recordID, "--product", product,
            "--quantity", String(quantity), "--serials", facts.serialText, "--method", method.rawValue, "--place", place,
            "--cctv", cctv, "--time", StatementTime.text(facts.time), "--executor", executor, "--production-witness",
            productionWitness, "--security-witness", securityWitness, "--warehouse-witness", warehouseWitness,
            "--reason", reason,
        ]
        if let customer, let location, let stockClass {
            words += ["--customer", customer, "--location", location, "--class", stockClass.rawValue]
        }
        return words
    }

    private func serialRanges() throws -> [SerialRange] {
        try serials.split(separator: ";").map { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let range = SerialRange(trimmed) else {
                throw ValidationError("--serials: '\(trimmed)' is not a serial or a range 'first-last' such as CD000004-CD000009")
            }
            return range
        }
    }

    private static func date(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }
}

/// `cardprep stock destructions`: the destructions signed in the ledger.
struct StockDestructionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destructions",
        abstract: "List the destructions of cards signed by their executor and witnesses (stock destroy).",
        discussion: "Example: cardprep stock destructions Pipelines/sample.yml --id DES-2026-0007"
    )

    @OptionGroup var options: StockOptions
    @Option(help: "Only the destruction with this record id; exit 1 when there is none.") var id: String?
    @Option(help: "Only destructions of this product.") var product: String?

    func run() throws {
        let (ledger, _) = try options.load()
        var records = try failing { try ledger.signedDestructions(products: product.map { [$0] }) }
        if let id {
            records = records.filter { $0.id == id }
            if records.isEmpty { throw CommandFailure.report("no destruction \(id) is recorded", code: .failure) }
        }
        if options.json { return try printJSON(records, format: .destructions, listKey: "destructions") }
        records.forEach { print("\($0.id)  " + DestructionLine.text($0)) }
    }
}

/// A signed destruction as the stock commands print it.
enum DestructionLine {
    static func text(_ record: SignedDestructionRecord) -> String {
        "\(record.quantity) \(record.product) card(s) \(record.serials), \(record.method) at \(record.place), "
            + "\(Timestamp.iso8601(record.time)), CCTV \(record.cctv); executor \(record.executor), witnesses "
            + "\(record.productionWitness) (\(record.productionWitnessDepartment)), \(record.securityWitness) "
            + "(\(record.securityWitnessDepartment)), \(record.warehouseWitness) (\(record.warehouseWitnessDepartment)); "
            + (record.stockAccount.map { "stock \($0); " } ?? "") + "statement \(record.statement.prefix(16))…"
    }
}
