import CardPrepIO

/// The rejects of one drop as CSV and JSON: each finding with its record number, line, masked card
/// number, field, reason code, severity and message, and a summary by reason code. Only masked card
/// numbers ever reach it. The reports are written as the findings are read, so their size costs no memory.
public struct RejectReport: Sendable {
    /// The findings reported.
    public var findings: FindingLog

    /// Creates a report of `findings`.
    public init(findings: [Finding]) { self.findings = FindingLog(findings) }

    /// Creates a report of a log's findings.
    public init(findings: FindingLog) { self.findings = findings }

    /// Creates a report of a validation's findings.
    public init(outcome: ValidationOutcome) { findings = outcome.findingLog }

    /// The number of findings per reason code, sorted by code.
    public var summary: [(reasonCode: ReasonCode, count: Int)] {
        findings.countsByReason.sorted { $0.key < $1.key }.map { (reasonCode: $0.key, count: $0.value) }
    }

    /// Writes the findings as CSV (RFC 4180: header row, CRLF line ends, fields quoted where needed).
    /// - Throws: what the sink throws, or `ByteStreamError` when spilled findings cannot be read back.
    public func writeCSV(to sink: inout some ByteSink) throws {
        var buffer = Self.csvRow(["record", "line", "masked_card_number", "field", "reason_code", "severity", "message"])
        try findings.forEach { finding in
            buffer += Self.csvRow([
                finding.location.recordNumber.map(String.init) ?? "", finding.location.line.map(String.init) ?? "",
                finding.maskedCardNumber ?? "", finding.location.field ?? "", finding.reasonCode.rawValue,
                finding.severity.rawValue, finding.message,
            ])
            if buffer.count >= 1 << 16 { try sink.write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try sink.write(buffer)
    }

    /// Writes the findings and summary as JSON with sorted keys, two-space indents, so equal reports are equal bytes.
    /// - Throws: what the sink throws, or `ByteStreamError` when spilled findings cannot be read back.
    public func writeJSON(to sink: inout some ByteSink) throws {
        var buffer = Array("{\n  \"findings\" : [".utf8)
        var first = true
        try findings.forEach { finding in
            buffer += Array((first ? "\n" : ",\n").utf8)
            first = false
            let members: [(String, String)] = [
                ("field", JSONText.string(finding.location.field)), ("line", JSONText.number(finding.location.line)),
                ("maskedCardNumber", JSONText.string(finding.maskedCardNumber)), ("message", JSONText.string(finding.message)),
                ("reasonCode", JSONText.string(finding.reasonCode.rawValue)),
                ("record", JSONText.number(finding.location.recordNumber)), ("severity", JSONText.string(finding.severity.rawValue)),
            ]
            buffer += Array(("    {\n" + members.map { "      \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n") + "\n    }").utf8)
            if buffer.count >= 1 << 16 { try sink.write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        let counts = summary.map { "    \(JSONText.string($0.reasonCode.rawValue)) : \($0.count)" }.joined(separator: ",\n")
        buffer += Array(("\n  ],\n  \"summary\" : {" + (counts.isEmpty ? "" : "\n" + counts + "\n  ") + "}\n}\n").utf8)
        try sink.write(buffer)
    }

    /// The CSV report in memory.
    public func csv() -> String {
        var sink = MemoryByteSink()
        try? writeCSV(to: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    /// The summary as CSV: one row per reason code with its count.
    public func summaryCSV() -> String {
        String(decoding: Self.csvRow(["reason_code", "count"]) + summary.flatMap { Self.csvRow([$0.reasonCode.rawValue, String($0.count)]) },
               as: UTF8.self)
    }

    /// The JSON report in memory.
    /// - Throws: `ByteStreamError` when spilled findings cannot be read back.
    public func json() throws -> [UInt8] {
        var sink = MemoryByteSink()
        try writeJSON(to: &sink)
        return sink.bytes
    }

    /// `field` as a CSV cell: quoted as RFC 4180 requires, neutralised against formula injection (`CSVCell`).
    static func csvField(_ field: String) -> String { CSVCell.text(field) }

    private static func csvRow(_ fields: [String]) -> [UInt8] {
        Array((fields.map(csvField).joined(separator: ",") + "\r\n").utf8)
    }
}

/// JSON values as text.
enum JSONText {
    /// A JSON string, or `null`; slashes are not escaped.
    static func string(_ text: String?) -> String {
        guard let text else { return "null" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A JSON number, or `null`.
    static func number(_ value: Int?) -> String { value.map(String.init) ?? "null" }
}
