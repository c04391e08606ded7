import CardPrepCore

/// What the `stock-statement` template shows of a `StockStatement`, every value already formatted.
struct StockStatementView: Sendable {
    struct LineRow: Sendable {
        var time: String
        var kind: String
        var cardsIn: String
        var cardsOut: String
        var balance: String
        var reference: String
        var note: String
    }

    struct AccountRow: Sendable {
        var place: String
        var product: String
        var stockClass: String
        var opening: String
        var cardsIn: String
        var cardsOut: String
        var closing: String
        var awaitingDestruction: String
        var addsUp: Bool
        /// The period's start, for the opening line.
        var from: String
        var lines: [LineRow]
    }

    var page: ReportPage
    var customer: String
    var period: String
    var from: String
    var until: String
    var hasAccounts: Bool
    var accounts: [AccountRow]
    var signOff: SignOffBlock

    /// The document ID of a customer's statement for a period.
    static func documentID(_ statement: StockStatement) -> String { "SS-\(statement.customer)-\(statement.period)" }

    init(_ statement: StockStatement) {
        page = ReportPage(title: "Card stock statement", documentID: Self.documentID(statement), bureau: statement.bureau,
                          customer: statement.customerName, generated: Timestamp.iso8601(statement.generated))
        customer = statement.customer
        period = statement.period
        from = ReportFormat.time(statement.from)
        until = ReportFormat.time(statement.until)
        let from = self.from
        accounts = statement.accounts.map { account in
            AccountRow(
                place: StockStatementHTML.place(account), product: account.product, stockClass: account.stockClass.rawValue,
                opening: ReportFormat.grouped(account.opening), cardsIn: ReportFormat.grouped(account.cardsIn),
                cardsOut: ReportFormat.grouped(account.cardsOut), closing: ReportFormat.grouped(account.closing),
                awaitingDestruction: ReportFormat.grouped(account.awaitingDestruction), addsUp: account.addsUp, from: from,
                lines: account.lines.map { line in
                    LineRow(time: ReportFormat.time(line.time), kind: line.kind.rawValue,
                            cardsIn: line.cardsIn == 0 ? "" : ReportFormat.grouped(line.cardsIn),
                            cardsOut: line.cardsOut == 0 ? "" : ReportFormat.grouped(line.cardsOut),
                            balance: ReportFormat.grouped(line.balance), reference: line.reference, note: line.note)
                })
        }
        hasAccounts = !accounts.isEmpty
        signOff = SignOffBlock(
            recordedBy: "system (the stock movements recorded in the bureau's ledger)",
            parties: ["For " + statement.bureau, "For " + statement.customerName],
            fileSignature: SignOffBlock.bureauSignature(StockStatementFiles.baseName(statement) + ".html"))
    }
}
