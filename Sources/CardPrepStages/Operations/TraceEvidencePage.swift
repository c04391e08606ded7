import CardPrepCore
import Foundation

/// The evidence page of a trace, for a customer (`cardprep trace … --evidence FILE.html`), made from the
/// `trace-evidence` template: one self-contained HTML page (inline style, no scripts) that prints on A4, naming the
/// bureau and the customer on every page with the document ID `TE-<time>` and page numbers, when it was made and what
/// was looked up, then each card's whole chain — masked number (first six, last four; never the full number), drop,
/// order line, job, batch, station, operator, time, status, QA lot and sampling, destruction, shipment, box and
/// receipt — and the sign-off block. Every value is HTML-escaped.
public enum TraceEvidencePage {
    /// The page for `report`.
    /// - Parameters:
    ///   - report: the trace.
    ///   - bureau: the bureau's name.
    ///   - customers: the customers' names by customer id (a card of a customer not named shows its id).
    ///   - generated: when the page is made (ISO 8601).
    ///   - templates: the report templates (a bureau's `report_templates` overrides).
    public static func html(_ report: CardTraceReport, bureau: String, customers: [String: String], generated: String,
                            templates: ReportTemplates = .builtIn) -> String {
        templates.render(.traceEvidence, TraceEvidenceView(report, bureau: bureau, customers: customers, generated: generated))
    }
}
