import Foundation

/// The rejects of one drop as CSV and JSON: each finding with its record number, line, masked card
/// number, field, reason code, severity and message, and a summary by reason code. Only masked card
/// numbers ever reach it.
public struct RejectReport: Sendable, Equatable {
    /// The findings reported.
    public var findings: [Finding]

    /// Creates a report of `findings`.
    public init(findings: [Finding]) { self.findings = findings }

    /// Creates a report of a validation's findings.
    public init(outcome: ValidationOutcome) { self.init(findings: outcome.findings) }

    /// The number of findings per reason code, sorted by code.
    public var summary: [(reasonCode: ReasonCode, count: Int)] {
        findings.reduce(into: [ReasonCode: Int]()) { $0[$1.reasonCode, default: 0] += 1 }
            .sorted { $0.key < $1.key }.map { (reasonCode: $0.key, count: $0.value) }
    }

    /// The findings as CSV (RFC 4180: header row, CRLF line ends, fields quoted where needed).
    public func csv() -> String {
        var rows = [["record", "line", "masked_card_number", "field", "reason_code", "severity", "message"]]
        for finding in findings {
            rows.append([
                finding.location.recordNumber.map(String.init) ?? "", finding.location.line.map(String.init) ?? "",
                finding.maskedCardNumber ?? "", finding.location.field ?? "", finding.reasonCode.rawValue,
                finding.severity.rawValue, finding.message,
            ])
        }
        return Self.csv(rows)
    }

    /// The summary as CSV: one row per reason code with its count.
    public func summaryCSV() -> String {
        Self.csv([["reason_code", "count"]] + summary.map { [$0.reasonCode.rawValue, String($0.count)] })
    }

    /// The findings and summary as JSON with sorted keys, so equal reports are equal bytes.
    /// - Throws: `EncodingError` from Foundation's encoder (not expected for these values).
    public func json() throws -> [UInt8] {
        let document = Document(
            findings: findings.map {
                Row(record: $0.location.recordNumber, line: $0.location.line, maskedCardNumber: $0.maskedCardNumber,
                    field: $0.location.field, reasonCode: $0.reasonCode.rawValue, severity: $0.severity.rawValue,
                    message: $0.message)
            },
            summary: Dictionary(uniqueKeysWithValues: summary.map { ($0.reasonCode.rawValue, $0.count) }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(document)) + [0x0A]
    }

    /// `field` quoted as RFC 4180 requires when it holds a comma, quote or line break.
    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    private struct Document: Encodable {
        let findings: [Row]
        let summary: [String: Int]
    }

    private struct Row: Encodable {
        let record: Int?
        let line: Int?
        let maskedCardNumber: String?
        let field: String?
        let reasonCode: String
        let severity: String
        let message: String

        func encode(to encoder: any Encoder) throws {
            var values = encoder.container(keyedBy: CodingKeys.self)
            try values.encode(record, forKey: .record)
            try values.encode(line, forKey: .line)
            try values.encode(maskedCardNumber, forKey: .maskedCardNumber)
            try values.encode(field, forKey: .field)
            try values.encode(reasonCode, forKey: .reasonCode)
            try values.encode(severity, forKey: .severity)
            try values.encode(message, forKey: .message)
        }

        private enum CodingKeys: String, CodingKey {
            case record, line, maskedCardNumber, field, reasonCode, severity, message
        }
    }
}
