import CardPrepCore

/// The reconcile report for people: one self-contained HTML page (inline style, no scripts, no external resources)
/// that prints on A4, with a bar chart of ordered, good and delivered cards per branch as inline SVG.
public enum ReconcileHTMLReport {
    /// The page for `report`.
    public static func html(_ report: ReconcileReport) -> String {
        let verdict = report.findings.isEmpty ? "Reconciled: every figure adds up" : "\(report.findings.count) discrepancies found"
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Reconciliation \(escape(report.orderID))</title>
            <style>
            body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}
            table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
            th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .ok{color:#075e07}.bad{color:#a00000}
            @page{size:A4;margin:15mm}@media print{body{margin:0}tr{break-inside:avoid}}
            </style></head><body>
            <h1>Reconciliation of order \(escape(report.orderID))</h1>
            <p>Contract \(escape(report.contract)) · drop \(escape(String(report.dropID.prefix(12)))) · generated \(escape(report.generated))</p>
            <h2 class="\(report.findings.isEmpty ? "ok" : "bad")">\(escape(verdict))</h2>

            """
        page += section("Branches and products", ["Branch", "Product", "Ordered", "Good", "Spoiled", "Delivered"],
                        report.branches.map { [$0.branch, $0.product, n($0.ordered), n($0.good), n($0.spoiled), n($0.delivered)] })
        page += chart(report.branches)
        page += section("Deliveries", ["Shipment", "Branch", "Carrier", "Tracking", "Dispatched", "Boxes", "Cards", "Received"],
                        report.shipments.map { s in
                            [s.shipment, s.branch, s.carrier, s.tracking, s.dispatched, n(s.boxes), n(s.cards),
                             s.received.map { "\($0) by \(s.receivedBy ?? "")" } ?? "awaiting receipt"]
                        })
        page += section("Spoiled cards awaiting destruction", ["Serial", "Batch", "Spoiled", "Age (days)"],
                        report.pendingDestruction.map { [$0.serial, $0.batch, Timestamp.iso8601($0.spoiled), n($0.ageDays)] })
        page += section("Findings", ["Code", "Where", "Expected", "Actual", "Message"],
                        report.findings.map {
                            [$0.code.rawValue, $0.location.summary, $0.expected.map(n) ?? "", $0.actual.map(n) ?? "", $0.message]
                        })
        return page + "</body></html>\n"
    }

    static func n(_ value: Int) -> String { "\u{1}" + String(value) }

    static func section(_ title: String, _ header: [String], _ rows: [[String]]) -> String {
        var out = "<h2>\(escape(title))</h2>\n"
        guard !rows.isEmpty else { return out + "<p>None.</p>\n" }
        out += "<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            out += "<tr>" + row.map { cell in
                cell.hasPrefix("\u{1}") ? "<td class=\"n\">\(escape(String(cell.dropFirst())))</td>" : "<td>\(escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    static func chart(_ branches: [ReconcileReport.BranchFigures]) -> String {
        guard let top = branches.map({ max($0.ordered, $0.good, $0.delivered) }).max(), top > 0 else { return "" }
        let rowHeight = 36, width = 600, labelWidth = 200
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(branches.count * rowHeight + 20)\" "
            + "role=\"img\" aria-label=\"ordered, good and delivered cards per branch and product\">\n"
        for (index, figures) in branches.enumerated() {
            let y = index * rowHeight
            svg += "<text x=\"0\" y=\"\(y + 20)\" font-size=\"11\">\(escape(figures.branch + " " + figures.product))</text>\n"
            for (bar, (value, colour)) in [(figures.ordered, "#888"), (figures.good, "#2a7"), (figures.delivered, "#27a")].enumerated() {
                let length = value * (width - labelWidth - 40) / top
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4 + bar * 10)\" width=\"\(length)\" height=\"9\" fill=\"\(colour)\"/>"
                svg += "<text x=\"\(labelWidth + length + 4)\" y=\"\(y + 12 + bar * 10)\" font-size=\"9\">\(value)</text>\n"
            }
        }
        svg += "<text x=\"\(labelWidth)\" y=\"\(branches.count * rowHeight + 14)\" font-size=\"10\">"
            + "grey: ordered · green: good · blue: delivered</text>\n"
        return svg + "</svg>\n"
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
