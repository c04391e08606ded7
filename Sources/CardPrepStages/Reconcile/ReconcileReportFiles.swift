import CardPrepCore
import Foundation

/// The machine-readable forms of a reconcile report: JSON (the whole report) and CSV (one row per finding).
public enum ReconcileReportFiles {
    /// The report as JSON, keys sorted, for systems.
    public static func json(_ report: ReconcileReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.iso8601(date))
        }
        return Array(try encoder.encode(report)) + [0x0A]
    }

    /// The columns of `report.csv`.
    public static let csvColumns = ["code", "order_line", "branch", "product", "batch", "serials", "shipment", "destruction",
                                    "account", "file", "line", "expected", "actual", "message"]

    /// The findings as RFC 4180 CSV with a header row; CRLF line ends.
    public static func csv(_ report: ReconcileReport) -> [UInt8] {
        var lines = [CSVTable.line(csvColumns)]
        for finding in report.findings {
            let l = finding.location
            lines.append(CSVTable.line([
                finding.code.rawValue, l.orderLine.map(String.init) ?? "", l.branch ?? "", l.product ?? "", l.batch ?? "",
                l.serialRange ?? "", l.shipment ?? "", l.destruction ?? "", l.account ?? "", l.file ?? "",
                l.line.map(String.init) ?? "", finding.expected.map(String.init) ?? "", finding.actual.map(String.init) ?? "",
                finding.message,
            ]))
        }
        return Array(lines.map { $0 + "\r\n" }.joined().utf8)
    }
}
