import CardPrepCore
import Foundation

/// Renders a stock statement as one self-contained HTML page for A4 paper: every text escaped, names before codes,
/// no scripts or links, a signature block for the bureau and the customer.
public enum StockStatementHTML {
    /// The page.
    public static func render(_ statement: StockStatement) -> String {
        let e = HTMLText.escape
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Stock statement — \(e(statement.customerName)) — \(e(statement.period))</title>
            <style>\(style)</style></head><body>
            <header><h1>Card stock statement</h1>
            <p>\(e(statement.bureau)) for <strong>\(e(statement.customerName))</strong> (\(e(statement.customer)))</p>
            <p class="sub">Period \(e(statement.period)): \(minute(statement.from)) to \(minute(statement.until)) UTC (end excluded) · \
            generated \(minute(statement.generated)) UTC</p></header>
            <section><h2>Balances</h2><table class="grid"><thead><tr><th>Location</th><th>Product</th><th>Class</th>\
            <th>Opening</th><th>In</th><th>Out</th><th>Closing</th><th>of which awaiting destruction</th></tr></thead><tbody>

            """
        for account in statement.accounts {
            html += "<tr><td>\(e(place(account)))</td><td>\(e(account.product))</td><td>\(account.stockClass.rawValue)</td>"
                + "<td class=\"n\">\(account.opening)</td><td class=\"n\">\(account.cardsIn)</td><td class=\"n\">\(account.cardsOut)</td>"
                + "<td class=\"n\">\(account.closing)</td><td class=\"n\">\(account.awaitingDestruction)</td></tr>\n"
        }
        html += "</tbody></table><p class=\"small\">For every account: opening + in − out = closing.</p></section>\n"
        for account in statement.accounts {
            html += """
                <section class="account"><h2>\(e(place(account))) · \(e(account.product)) · \(account.stockClass.rawValue)</h2>
                <table class="grid"><thead><tr><th>Time (UTC)</th><th>Movement</th><th>In</th><th>Out</th><th>Balance</th>\
                <th>Reference</th><th>Note</th></tr></thead><tbody>
                <tr><td>\(minute(statement.from))</td><td>opening balance</td><td></td><td></td><td class="n">\(account.opening)</td><td></td><td></td></tr>

                """
            for line in account.lines {
                html += "<tr><td>\(minute(line.time))</td><td>\(e(line.kind.rawValue))</td>"
                    + "<td class=\"n\">\(line.cardsIn == 0 ? "" : String(line.cardsIn))</td>"
                    + "<td class=\"n\">\(line.cardsOut == 0 ? "" : String(line.cardsOut))</td><td class=\"n\">\(line.balance)</td>"
                    + "<td>\(e(line.reference))</td><td>\(e(line.note))</td></tr>\n"
            }
            html += "<tr class=\"total\"><td></td><td>closing balance</td><td class=\"n\">\(account.cardsIn)</td>"
                + "<td class=\"n\">\(account.cardsOut)</td><td class=\"n\">\(account.closing)</td><td></td><td></td></tr>\n"
                + "</tbody></table></section>\n"
        }
        if statement.accounts.isEmpty { html += "<p>No stock held or moved in the period.</p>\n" }
        html += """
            <section class="signatures"><h2>Signatures</h2>
            <div class="lines"><div>For \(e(statement.bureau))</div><div>For \(e(statement.customerName))</div><div>Date</div></div>
            <p class="small">Signed by the bureau: this statement is signed with the bureau's key (SSHSIG, namespace cardprep-report); \
            the signature is in the .sig file beside it.</p>
            </section></body></html>

            """
        return html
    }

    /// `2026-11-02 09:00`: the time to the minute, UTC.
    static func minute(_ time: Date) -> String {
        String(Timestamp.iso8601(time).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// `North (branch BR-01)`, or the code alone when no name is known.
    static func place(_ account: StockStatement.Account) -> String {
        let kind = account.locationKind.isEmpty ? "" : account.locationKind + " "
        return account.locationName == account.location ? kind + account.location : "\(account.locationName) (\(kind)\(account.location))"
    }

    static let style = """
        @page { size: A4; margin: 15mm; } body { font: 10pt/1.35 sans-serif; color: #111; max-width: 180mm; }
        h1 { font-size: 16pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 5mm 0 2mm; } .sub, .small { color: #555; font-size: 8.5pt; }
        table.grid { width: 100%; border-collapse: collapse; overflow-wrap: break-word; }
        table.grid th, table.grid td { border: 0.3mm solid #999; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
        table.grid td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; } tr.total td { font-weight: bold; }
        section.account { break-inside: avoid-page; } thead { display: table-header-group; } tr { break-inside: avoid; }
        .lines { display: flex; gap: 10mm; margin-top: 14mm; } table.grid td:first-child { white-space: nowrap; } .lines div { flex: 1; border-top: 0.3mm solid #111; padding-top: 1mm; }
        """
}
