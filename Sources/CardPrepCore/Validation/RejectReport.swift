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
            // The cells of `csvRow`, appended one by one; numbers, masked card numbers and codes need no quoting.
            if let record = finding.location.recordNumber { buffer.append(contentsOf: String(record).utf8) }
            buffer.append(UInt8(ascii: ","))
            if let line = finding.location.line { buffer.append(contentsOf: String(line).utf8) }
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: Self.csvField(finding.maskedCardNumber ?? "").utf8)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: Self.csvField(finding.location.field ?? "").utf8)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: finding.reasonCode.rawValue.utf8)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: finding.severity.rawValue.utf8)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: Self.csvField(finding.message).utf8)
            buffer.append(contentsOf: "\r\n".utf8)
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
            buffer.append(contentsOf: first ? "\n    {\n      \"field\" : ".utf8 : ",\n    {\n      \"field\" : ".utf8)
            first = false
            JSONText.append(finding.location.field, to: &buffer)
            buffer.append(contentsOf: ",\n      \"line\" : ".utf8)
            JSONText.append(finding.location.line, to: &buffer)
            buffer.append(contentsOf: ",\n      \"maskedCardNumber\" : ".utf8)
            JSONText.append(finding.maskedCardNumber, to: &buffer)
            buffer.append(contentsOf: ",\n      \"message\" : ".utf8)
            JSONText.append(finding.message, to: &buffer)
            buffer.append(contentsOf: ",\n      \"reasonCode\" : ".utf8)
            JSONText.append(finding.reasonCode.rawValue, to: &buffer)
            buffer.append(contentsOf: ",\n      \"record\" : ".utf8)
            JSONText.append(finding.location.recordNumber, to: &buffer)
            buffer.append(contentsOf: ",\n      \"severity\" : ".utf8)
            JSONText.append(finding.severity.rawValue, to: &buffer)
            buffer.append(contentsOf: "\n    }".utf8)
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

    /// Appends `string(text)` to `bytes`, escaping on the bytes: the characters escaped are ASCII, and every other
    /// byte of the text's UTF-8 is copied as it is.
    /// - Parameter shortBackspace: write backspace and form feed as `\b` and `\f`, as `JSONEncoder` does, rather than
    ///   as `\u0008` and `\u000c`.
    static func append(_ text: String?, to bytes: inout [UInt8], shortBackspace: Bool = false) {
        guard let text else { return bytes.append(contentsOf: "null".utf8) }
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: "\\t".utf8)
            case 0x08 where shortBackspace: bytes.append(contentsOf: "\\b".utf8)
            case 0x0C where shortBackspace: bytes.append(contentsOf: "\\f".utf8)
            case ..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `number(value)` to `bytes`.
    static func append(_ value: Int?, to bytes: inout [UInt8]) {
        guard let value else { return bytes.append(contentsOf: "null".utf8) }
        bytes.append(contentsOf: String(value).utf8)
    }
}
