import CardPrepCore
import Foundation

/// The evidence page of a trace, for a customer (`cardprep trace … --evidence FILE.html`): one self-contained HTML
/// page (inline style, no scripts) that prints on A4, naming the bureau, the customer, when it was made and what was
/// looked up, then each card's whole chain — masked number (first six, last four; never the full number), drop,
/// order line, job, batch, station, operator, time, status, QA lot and sampling, destruction, shipment, box and
/// receipt. Every value is HTML-escaped.
public enum TraceEvidencePage {
    /// The page for `report`.
    /// - Parameters:
    ///   - report: the trace.
    ///   - bureau: the bureau's name.
    ///   - customers: the customers' names by customer id (a card of a customer not named shows its id).
    ///   - generated: when the page is made (ISO 8601).
    public static func html(_ report: CardTraceReport, bureau: String, customers: [String: String], generated: String) -> String {
        let names = Array(Set(report.cards.map { customers[$0.customer] ?? $0.customer })).sorted()
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Card trace evidence — \(e(bureau))</title>
            <style>
            body{font:10pt/1.35 system-ui,sans-serif;margin:2em;color:#111}
            table{border-collapse:collapse;width:100%;margin:.3em 0 1.2em}
            th,td{border:1px solid #999;padding:.2em .45em;text-align:left;vertical-align:top}
            th{width:11em;background:#f2f2f2;font-weight:600}th.sub{padding-left:1.6em;font-weight:400}
            h1{font-size:15pt;margin:0 0 .3em}h2{font-size:12pt;margin:1em 0 .2em}
            .note{color:#444;font-size:9pt}
            @page{size:A4;margin:14mm}@media print{body{margin:0}table{break-inside:auto}tr{break-inside:avoid}}
            </style></head><body>
            <h1>Card trace evidence</h1>
            <p>Issued by <strong>\(e(bureau))</strong> for <strong>\(e(names.joined(separator: ", ")))</strong><br>
            Generated \(e(generated)) · looked up by \(e(report.query)) · \(report.cards.count) card(s)</p>
            <p class="note">Card numbers are shown masked (first six and last four digits). This page is signed by the \
            bureau (SSH signature in the file beside it, namespace cardprep-report).</p>

            """
        for (index, card) in report.cards.enumerated() {
            let title = card.masked.map { "Card \($0)" } ?? "Serial \(card.made.first?.serial ?? "")"
            page += "<h2>\(index + 1). \(e(title))</h2>\n<table><tbody>\n"
            page += row("customer", customers[card.customer].map { "\($0) (\(card.customer))" } ?? card.customer)
            for (label, value) in card.links {
                let sub = label.hasPrefix(" ")
                page += row(label.trimmingCharacters(in: .whitespaces), value, sub: sub)
            }
            page += "</tbody></table>\n"
        }
        if report.cards.isEmpty { page += "<p>No card found.</p>\n" }
        return page + "</body></html>\n"
    }

    private static func row(_ label: String, _ value: String, sub: Bool = false) -> String {
        "<tr><th\(sub ? " class=\"sub\"" : "")>\(e(label))</th><td>\(e(value))</td></tr>\n"
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }
}
