import CardPrepCore
import Foundation

/// Renders an acceptance report as one self-contained HTML page: inline CSS sized for A4 printing, an inline
/// SVG chart, no scripts, fonts, images or links to fetch.
public enum AcceptanceReportHTML {
    /// The page.
    public static func render(_ report: AcceptanceReport) -> String {
        let lot = report.lot
        let decision = report.decision
        let verdict = decision.accepted ? "ACCEPTED" : "NOT ACCEPTED"
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Acceptance report — lot \(escape(lot.id))</title>
            <style>\(style)</style></head><body>
            <header><h1>Acceptance report</h1><p class="sub">\(report.bureauName.map { escape($0) + " · " } ?? "")ISO 2859-1 single sampling · lot \(escape(lot.id)) · generated \(escape(report.generated))</p></header>
            <section><h2>Order</h2><table>
            \(row("Customer", report.customerName.map { "\($0) (\(lot.customer))" } ?? lot.customer))\(row("Order", lot.orderID))\(row("Contract", lot.contract))
            \(row("Product", lot.product))\(row("Drop", String(lot.dropID.prefix(12))))
            \(row("Lot", "\(lot.id) (\(lot.basis == .batch ? "production batch" : "delivery"))"))
            \(row("Delivered / ordered", "\(lot.size) of \(lot.orderedQuantity) cards"))
            </table></section>
            <section><h2>Plan</h2><table>
            \(row("Inspection level", report.plan.level.rawValue))\(row("Tables", report.plan.edition.rawValue))
            \(row("Severity", report.plan.severity.rawValue))\(row("Why", report.plan.severityReason))
            \(row("AQLs from", report.plan.termsSource))\(row("Sample drawn", "\(report.sample.count) cards"))
            </table>
            <table class="grid"><thead><tr><th>Class</th><th>Severity</th><th>AQL</th><th>Code letter</th><th>n</th><th>Ac</th><th>Re</th><th>Found</th><th>Decision</th></tr></thead><tbody>
            """
        for classPlan in report.plan.classes {
            let found = decision.classes.first { $0.defectClass == classPlan.defectClass }
            let letter = classPlan.plan.codeLetter == classPlan.plan.planCodeLetter
                ? classPlan.plan.codeLetter.rawValue : "\(classPlan.plan.codeLetter.rawValue) → \(classPlan.plan.planCodeLetter.rawValue)"
            let severity = (classPlan.severity ?? report.plan.severity).rawValue
            html += "<tr><td>\(classPlan.defectClass.rawValue)</td><td>\(severity)</td><td>\(classPlan.aql)</td><td>\(letter)</td>"
                + "<td>\(found?.inspected ?? 0)</td><td>\(classPlan.plan.acceptNumber)</td><td>\(classPlan.plan.rejectNumber)</td>"
                + "<td>\(found?.nonconforming ?? 0)</td><td class=\"\(found?.accepted == true ? "ok" : "bad")\">"
                + "\(found?.accepted == true ? "accept" : "reject")</td></tr>\n"
        }
        html += "</tbody></table></section>\n"
        html += """
            <section class="decision \(decision.accepted ? "ok" : "bad")"><h2>Decision: \(verdict)</h2>
            <p>\(decision.inspected) cards inspected, \(decision.defective) with defects; qualification rate
            <strong>\(String(format: "%.2f", decision.qualificationRate)) %</strong>.</p>
            \(switching(report))
            \(report.disposition.map(dispositionText) ?? "")
            </section>
            <section><h2>Defects found</h2>\(defectTable(report.defects))</section>
            <section><h2>Recent lots of \(escape(lot.customer)) / \(escape(lot.product))</h2>\(LotHistoryChart.svg(report.history))</section>
            <section><h2>Sample</h2><p class="mono">Seed \(escape(report.seed))</p>
            <p class="serials mono">\(report.sample.map(escape).joined(separator: " "))</p></section>
            <section class="signatures"><h2>Signatures</h2>
            \(signatures(report))
            <div class="lines"><div>Inspector</div><div>Customer representative</div><div>Date</div></div>
            <p class="small">Countersigned by the bureau: this report is signed with the bureau's key (SSHSIG, namespace cardprep-report); the signature is in the .sig file beside it.</p>
            </section></body></html>

            """
        return html
    }

    /// The switching changes the lot made, class by class (each class is switched on its own, ISO 2859-1 clause 9).
    private static func switching(_ report: AcceptanceReport) -> String {
        let changes = report.decision.classes.compactMap { judged in
            judged.transition.map { "\(judged.defectClass.rawValue): \(escape($0.reason)) → next lots on \($0.severity.rawValue) inspection" }
        }
        if changes.isEmpty, let transition = report.transition {
            return "<p>Switching: \(escape(transition.reason)) → next lots on \(transition.severity.rawValue) inspection.</p>"
        }
        return changes.map { "<p>Switching, \($0).</p>" }.joined()
    }

    /// Who decided: the inspector whose signed statement the decision was recorded on, or, for a decision recorded
    /// before decisions were signed, who recorded it.
    private static func signatures(_ report: AcceptanceReport) -> String {
        let inspectors = escape(report.decision.inspectors.joined(separator: ", "))
        guard let signed = report.signedBy else {
            return "<p>Inspected by: \(inspectors) · recorded by \(escape(report.recordedBy)) (not signed by the inspector)</p>"
        }
        return """
            <p><strong>Decision signed by the inspector \(escape(signed.name)) (\(escape(signed.person)))</strong> with key \
            <span class="mono">\(escape(signed.keyFingerprint))</span>; cards inspected by \(inspectors).</p>
            <p class="small">Statement SHA-256 <span class="mono">\(escape(signed.statementDigest))</span> (SSHSIG, namespace \
            \(Statement.signatureNamespace)); the statement, its signature and the inspector's allowed_signers line are \
            beside this report and in its JSON.</p>
            """
    }

    /// The disposition of a lot not accepted: what, why, the customer's reference and who signed it.
    private static func dispositionText(_ note: AcceptanceReport.DispositionNote) -> String {
        let reference = note.customerReference.map { " · customer reference \(escape($0))" } ?? ""
        return "<p class=\"disposition\"><strong>Disposition: \(escape(note.words))</strong>\(reference) · \(escape(note.reason)) · "
            + "signed by \(escape(note.signedBy)) on \(escape(note.disposedAt)) (statement \(escape(String(note.statementDigest.prefix(16))))…)</p>"
    }

    private static func defectTable(_ defects: [InspectionFinding]) -> String {
        guard !defects.isEmpty else { return "<p>None.</p>" }
        var text = "<table class=\"grid\"><thead><tr><th>Serial</th><th>Class</th><th>Code</th><th>Inspector</th></tr></thead><tbody>"
        for defect in defects {
            text += "<tr><td class=\"mono\">\(escape(defect.serial))</td><td>\(defect.defectClass?.rawValue ?? "")</td>"
                + "<td>\(escape(defect.defectCode))</td><td>\(escape(defect.inspector))</td></tr>"
        }
        return text + "</tbody></table>"
    }

    private static func row(_ label: String, _ value: String) -> String {
        "<tr><th>\(escape(label))</th><td>\(escape(value))</td></tr>"
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static let style = """
        @page { size: A4; margin: 15mm; }
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 180mm; }
        h1 { font-size: 18pt; margin: 0; } h2 { font-size: 12pt; border-bottom: 1px solid #999; margin: 12pt 0 4pt; }
        .sub, .small { color: #555; font-size: 8.5pt; } table { border-collapse: collapse; margin: 4pt 0; }
        th { text-align: left; padding: 2pt 8pt 2pt 0; font-weight: 600; } td { padding: 2pt 8pt 2pt 0; }
        table.grid th, table.grid td { border: 1px solid #bbb; padding: 2pt 5pt; }
        .ok { color: #0a6b2d; } .bad { color: #a3161b; } .decision h2 { border: none; font-size: 14pt; }
        .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; } .serials { overflow-wrap: anywhere; }
        section { break-inside: avoid; page-break-inside: avoid; } svg { width: 100%; height: auto; }
        .lines { display: flex; gap: 10mm; margin-top: 18mm; } .lines div { flex: 1; border-top: 1px solid #111; padding-top: 2pt; }
        @media print { body { max-width: none; } }
        """
}
