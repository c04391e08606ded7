import CardPrepCore
import Foundation

/// Renders a stock statement from the `stock-statement` template as one self-contained HTML page for A4 paper: the
/// bureau and the customer by name and the document ID `SS-<customer>-<period>` on every page, page numbers, every
/// text escaped, names before codes, no scripts or links, and the sign-off block for the bureau and the customer.
public enum StockStatementHTML {
    /// The page, from the built-in templates or `templates`.
    public static func render(_ statement: StockStatement, templates: ReportTemplates = .builtIn) -> String {
        templates.render(.stockStatement, StockStatementView(statement))
    }

    /// `North (branch BR-01)`, or the code alone when no name is known.
    static func place(_ account: StockStatement.Account) -> String {
        let kind = account.locationKind.isEmpty ? "" : account.locationKind + " "
        return account.locationName == account.location ? kind + account.location : "\(account.locationName) (\(kind)\(account.location))"
    }
}
