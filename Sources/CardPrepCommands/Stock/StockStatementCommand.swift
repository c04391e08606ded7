import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep stock statement`: a customer's balance statement for a month, a year or a span of days, signed.
struct StockStatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "Write a customer's stock balance statement (HTML, CSV, JSON), signed by the bureau.",
        discussion: """
            Per account (location, product, class): opening + in - out = closing, with every movement of the period.
            The files are published for the customer in <customer_outbox>/<customer>/statements (or --out), each with its SSHSIG signature (.sig, namespace \
            cardprep-report) by the bureau's signing key; --json prints the statement itself.
            Examples: cardprep stock statement Pipelines/sample.yml --customer cust-01 --period 2026-11
                      cardprep stock statement Pipelines/sample.yml --customer cust-01 --from 2026-11-01 --to 2026-11-15
            Check a file: ssh-keygen -Y verify -f allowed_signers -I bureau -n cardprep-report \
            -s FILE.sig < FILE
            """
    )

    @OptionGroup var options: StockOptions
    @Option(help: "The customer (profile id).") var customer: String
    @Option(help: "A month (2026-11) or a year (2026), in UTC.") var period: String?
    @Option(help: "The first day (2026-11-01) or time (ISO 8601) of the period; with --to.") var from: String?
    @Option(help: "The last day of the period, included (2026-11-15), or the time it ends before (ISO 8601).") var to: String?
    @Option(help: "The bureau's name on the statement (default: the pipeline's name).") var bureau: String?
    @Option(help: "The output folder (default: the customer's outbox, <customer_outbox>/<customer>/statements).") var out: String?

    func validate() throws {
        guard (period == nil) != (from == nil && to == nil) else {
            throw ValidationError("give --period, or --from and --to")
        }
        guard period != nil || (from != nil && to != nil) else { throw ValidationError("--from and --to go together") }
    }

    func run() throws {
        let (pipeline, ledger, context) = try options.loadPipeline()
        let span = try self.span()
        guard span.from < span.until else {
            throw CommandFailure.report("the period ends before it starts", code: .usage)
        }
        let profile = try failing(.usage) { try CustomerProfile.find(customer: customer, in: pipeline.customersFolder) }
        guard let profile else {
            throw CommandFailure.report(
                "no customer profile \(customer).yml in \(pipeline.customersFolder)", code: .usage)
        }
        guard let reference = pipeline.signingKey else {
            throw CommandFailure.report("the pipeline names no signing key (keys: signing)", code: .usage)
        }
        let key = try failing { try pipeline.keys.signingKey(reference) }
        let accounts = try failing { try ledger.stockAccounts(customer: customer, until: span.until) }
        let statement = StockStatement(
            bureau: bureau ?? pipeline.name, customer: customer, customerName: profile.name, period: span.name,
            from: span.from, until: span.until, generated: context.now(), accounts: accounts)
        let folder = try out.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            ?? failing { try CustomerOutbox.statementsFolder(of: customer, in: pipeline) }
        let templates = try failing { try ReportTemplates(overrides: pipeline.reportTemplates) }
        let files = try failing { try StockStatementFiles.write(statement, to: folder, signingKey: key, templates: templates) }
        if options.json { return try printJSON(statement, format: .stockStatement) }
        for account in statement.accounts {
            print("\(account.location)/\(account.product)/\(account.stockClass.rawValue)  opening \(account.opening)  "
                  + "in \(account.cardsIn)  out \(account.cardsOut)  closing \(account.closing)")
        }
        if statement.accounts.isEmpty { print("no stock held or moved by \(customer) in \(span.name)") }
        files.forEach { print($0 + "  (+ .sig)") }
    }

    /// The period asked for: a month or year, or from a day (or time) to a day included (or a time excluded).
    func span() throws -> (name: String, from: Date, until: Date) {
        if let period {
            let parsed = try failing(.usage) { try ComplaintPeriod(period) }
            return (period, parsed.from, parsed.until)
        }
        let start = try Self.moment(from!, endOfDay: false), end = try Self.moment(to!, endOfDay: true)
        return ("\(from!) to \(to!)", start, end)
    }

    /// A day `2026-11-01` (its start, or the start of the next day with `endOfDay`) or an ISO 8601 time.
    static func moment(_ text: String, endOfDay: Bool) throws -> Date {
        if let time = try? Date(text, strategy: .iso8601) { return time }
        guard let day = CalendarDate(text) else {
            throw CommandFailure.report("'\(text)' is not a day such as 2026-11-01 or an ISO 8601 time", code: .usage)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        return endOfDay ? calendar.date(byAdding: .day, value: 1, to: start)! : start
    }
}
