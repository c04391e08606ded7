import CardPrepCore

/// The reconcile report for people, from the `reconciliation` template: one self-contained A4 page (inline style, no
/// scripts, no external resources) naming the bureau and the customer, with the lines that fall short highlighted and
/// marked on an inline SVG chart, the deliveries, stock and destruction, the findings and a sign-off block.
public enum ReconcileHTMLReport {
    /// The page for `report`, from the built-in templates or `templates`.
    public static func html(_ report: ReconcileReport, templates: ReportTemplates = .builtIn) -> String {
        templates.render(.reconciliation, ReconciliationView(report))
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
