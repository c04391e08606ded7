import CardPrepCore

/// The reconcile report for people, from the `reconciliation` template: one self-contained A4 page (inline style, no
/// scripts, no external resources) naming the bureau and the customer, with the lines that fall short highlighted and
/// marked on an inline SVG chart, the deliveries, stock and destruction, the findings and a sign-off block.
public enum ReconcileHTMLReport {
    /// The page for `report`, from the built-in templates or `templates`.
    public static func html(_ report: ReconcileReport, templates: ReportTemplates = .builtIn) -> String {
        templates.render(.reconciliation, ReconciliationView(report))
    }

    /// Cell text marked as a number (right-aligned) for `section`.
    static func n(_ value: Int) -> String { "\u{1}" + ReportFormat.grouped(value) }

    /// A titled table for the pages still written in code (the delivery list).
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

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
