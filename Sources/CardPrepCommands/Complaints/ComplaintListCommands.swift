import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep complaint list PIPELINE [--open] [--customer C]`.
struct ComplaintListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List complaints, with how long each has been open or how long closing it took.",
        discussion: """
            Reads the ledger; changes nothing. --json prints {"format": "cardprep-complaints/1", "complaints": […]}, each \
            complaint as `complaint show --json` prints it.

            Example: cardprep complaint list Pipelines/sample.yml --open --customer cust-01
            """
    )

    @OptionGroup var options: ComplaintOptions
    @Flag(help: "Only the complaints still open.") var open = false
    @Option(help: "Only this customer's complaints.") var customer: String?

    struct ListJSON: Encodable {
        var format = "cardprep-complaints/1"
        var complaints: [ComplaintView]
    }

    func run() throws {
        let (_, ledger, context) = try options.load(writing: false)
        let now = context.now()
        let views = try failing { try ledger.complaints(customer: customer) }.filter { !open || $0.state == .open }
            .map { ComplaintView($0, now: now) }
        if options.json { return try printJSON(ListJSON(complaints: views), format: .complaints) }
        if views.isEmpty { return print(open ? "no open complaints" : "no complaints") }
        views.forEach { print($0.line) }
    }
}

/// `cardprep complaint show PIPELINE ID`.
struct ComplaintShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a complaint: what it is about, its notes and, once closed, who closed it on which statement and how.",
        discussion: "Example: cardprep complaint show Pipelines/sample.yml CMP-2026-0001"
    )

    @OptionGroup var options: ComplaintOptions
    @Argument(help: "The complaint's id, e.g. CMP-2026-0001.") var complaint: String

    func run() throws {
        let (definition, ledger, context) = try options.load(writing: false)
        let file = try failing { try options.register(definition, ledger, context).find(complaint) }
        let view = ComplaintView(file, now: context.now())
        if options.json { return try printJSON(ComplaintView.One(complaint: view), format: .complaint) }
        print(view.text)
    }
}

/// `cardprep complaint report PIPELINE --period 2026-11 [--customer C]`.
struct ComplaintReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Count the complaints received in a month or year: per customer and per cause, open and closed, median time to close.",
        discussion: """
            Counts the complaints received in the period (UTC); open and closed as of now. The median time to close \
            runs from received to closed, over the closed ones. Causes and responsible departments count the closed \
            ones. --json prints {"format": "cardprep-complaint-report/1", "period", "from", "until", "asOf", \
            "received", "open", "closed", "medianSecondsToClose", "causes", "departments", "customers", "complaints"}.

            Example: cardprep complaint report Pipelines/sample.yml --period 2026-11
            """
    )

    @OptionGroup var options: ComplaintOptions
    @Option(help: "A month (2026-11) or a year (2026).") var period: String
    @Option(help: "Only this customer's complaints.") var customer: String?

    struct ReportJSON: Encodable {
        var format = "cardprep-complaint-report/1"
        var report: ComplaintReport

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(format, forKey: .format)
        }

        enum Key: String, CodingKey { case format }
    }

    func run() throws {
        let (_, ledger, context) = try options.load(writing: false)
        let period = try failing { try ComplaintPeriod(self.period) }
        let report = ComplaintReport(
            files: try failing { try ledger.complaints(customer: customer) }, period: period, customer: customer,
            asOf: context.now())
        if options.json { return try printJSON(ReportJSON(report: report), format: .complaintReport) }
        print(report.text)
    }
}
