import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep complaint open PIPELINE --customer C --summary TEXT --drop ID …`.
struct ComplaintOpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Register a customer's complaint and print its id.",
        discussion: """
            The customer must have a profile in the pipeline's customers folder. Name what the complaint is about with \
            one or more of --card (a production serial), --lot (a QA lot id), --shipment (the id on the shipping \
            manifest), --order (the customer's order id) and --drop (8 or more hex characters of its id, or \
            customer/drop); each may be given several times. A drop or a lot must be in the ledger and be the \
            customer's; serials, shipments and orders are recorded as given. The summary is one line. The complaint \
            is recorded as system, with this machine's name: it names no one (see `cardprep complaint --help`).

            Prints the new id, e.g. CMP-2026-0001 (numbered from 1 each year); --json prints the complaint.

            Example: cardprep complaint open Pipelines/sample.yml --customer cust-01 --received-at 2026-11-03T09:30:00Z \
            --summary "3 cards of branch BR-02 arrived with the embossing worn" --drop cust-01/drop-20261101-01
            """
    )

    @OptionGroup var options: ComplaintOptions
    @Option(help: "The customer, as the pipeline's customer profiles name them.") var customer: String
    @Option(help: "When the bureau received the complaint (ISO 8601, or a day such as 2026-11-03; default: now).")
    var receivedAt: String?
    @Option(help: "What the customer says, in one line.") var summary: String
    @Option(name: .customLong("card"), help: "A card it is about, by its production serial.") var cards: [String] = []
    @Option(name: .customLong("lot"), help: "A QA lot it is about, by its id.") var lots: [String] = []
    @Option(name: .customLong("shipment"), help: "A shipment it is about, by its id.") var shipments: [String] = []
    @Option(name: .customLong("order"), help: "An order it is about, by the customer's order id.") var orders: [String] = []
    @Option(name: .customLong("drop"), help: "A drop it is about: 8 or more hex characters of its id, or customer/drop.")
    var drops: [String] = []

    func run() throws {
        let (definition, ledger, context) = try options.load(writing: true)
        let register = options.register(definition, ledger, context)
        let opening = ComplaintOpening(
            customer: customer, receivedAt: try receivedAt.map { try complaintTime($0, option: "--received-at") },
            summary: summary,
            cards: cards, lots: lots, shipments: shipments, orders: orders, drops: drops)
        let file = try failing { try register.find(try register.open(opening).description) }
        if options.json { return try printJSON(ComplaintView.One(complaint: ComplaintView(file, now: context.now())), format: .complaint) }
        print(file.complaint.id)
    }
}

/// `cardprep complaint note PIPELINE ID --text TEXT`.
struct ComplaintNoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a dated note to an open complaint.",
        discussion: """
            The note is one line, recorded with the time and as system (it names no one); a closed complaint takes no \
            more notes (exit 6). The handler who closes the complaint signs a statement that counts its notes and \
            names the SHA-256 of the whole record, notes included.

            Example: cardprep complaint note Pipelines/sample.yml CMP-2026-0001 --text "asked the floor for the batch's spoil report"
            """
    )

    @OptionGroup var options: ComplaintOptions
    @Argument(help: "The complaint's id, e.g. CMP-2026-0001.") var complaint: String
    @Option(help: "The note, in one line.") var text: String

    func run() throws {
        let (definition, ledger, context) = try options.load(writing: true)
        let register = options.register(definition, ledger, context)
        let file = try failing {
            try register.note(complaint, text: text)
            return try register.find(complaint)
        }
        if options.json { return try printJSON(ComplaintView.One(complaint: ComplaintView(file, now: context.now())), format: .complaint) }
        print("noted on \(file.complaint.id) (\(file.notes.count) note(s))")
    }
}
