import CardPrepCore

/// What the `trace-evidence` template shows of a `CardTraceReport`, every value already formatted.
struct TraceEvidenceView: Sendable {
    struct Row: Sendable {
        var label: String
        var value: String
        /// A detail of the row above it, indented.
        var sub: Bool
    }

    struct Card: Sendable {
        var number: Int
        var title: String
        var rows: [Row]
    }

    var page: ReportPage
    var generated: String
    var query: String
    var cardCount: String
    var cards: [Card]
    var hasCards: Bool
    var signOff: SignOffBlock

    /// The document ID of a trace made at `generated` (ISO 8601): `TE-` and the time's digits to the second.
    static func documentID(generated: String) -> String {
        "TE-" + String(generated.prefix(19).filter(\.isNumber))
    }

    init(_ report: CardTraceReport, bureau: String, customers: [String: String], generated: String) {
        let names = Array(Set(report.cards.map { customers[$0.customer] ?? $0.customer })).sorted()
        page = ReportPage(title: "Card trace evidence", documentID: Self.documentID(generated: generated), bureau: bureau,
                          customer: names.joined(separator: ", "), generated: generated)
        self.generated = ReportFormat.time(generated)
        query = report.query
        cardCount = ReportFormat.count(report.cards.count, "card")
        cards = report.cards.enumerated().map { index, card in
            let title = card.masked.map { "Card \($0)" } ?? "Serial \(card.made.first?.serial ?? "")"
            let customer = customers[card.customer].map { "\($0) (\(card.customer))" } ?? card.customer
            return Card(number: index + 1, title: title, rows: [Row(label: "customer", value: customer, sub: false)] + card.links.map {
                Row(label: $0.0.trimmingCharacters(in: .whitespaces), value: $0.1, sub: $0.0.hasPrefix(" "))
            })
        }
        hasCards = !cards.isEmpty
        signOff = SignOffBlock(
            recordedBy: "system (the records of the bureau's ledger and vault, looked up by \(report.query))",
            parties: ["For the bureau", "Received for the customer"],
            fileSignature: "Signed by the bureau as a file: the SSHSIG signature (namespace \(AcceptanceReportFiles.namespace)) is in "
                + "the .sig file beside this page; check it with ssh-keygen -Y verify.")
    }
}
