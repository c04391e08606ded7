/// One cell of a CSV file CardPrep writes for people (reject reports, reconciliation reports, statements): quoted as
/// RFC 4180 requires, and neutralised against formula injection as OWASP recommends. A cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as text instead of running
/// it; plain numbers (`-5`, `+3.25`) are left as they are.
public enum CSVCell {
    /// `field` as a safe CSV cell.
    public static func text(_ field: String) -> String {
        if let ascii = asciiText(field) { return ascii }
        var value = field
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(value) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text(field)` made on the bytes of an ASCII field (a reject report has thousands of cells), or nil for any
    /// other field: ASCII characters are single bytes, so this is the same cell as the general path makes.
    static func asciiText(_ field: String) -> String? {
        var quote = false, quotes = 0
        for byte in field.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: "\""): quote = true; quotes += 1
            case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): quote = true
            default: break
            }
        }
        var value = field
        if let first = field.utf8.first, "=+-@\t\r".utf8.contains(first), !isPlainNumber(field) { value = "'" + field }
        guard quote else { return value }
        guard quotes > 0 else { return "\"" + value + "\"" }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(value.utf8.count + quotes + 2)
        for byte in value.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `fields` as one line of cells (without its line end).
    public static func line(_ fields: [String]) -> String { fields.map(text).joined(separator: ",") }

    /// Whether `text` is a decimal number with an optional sign, which no spreadsheet runs as a formula.
    static func isPlainNumber(_ text: String) -> Bool {
        var digits = text.unicodeScalars.dropFirst(text.hasPrefix("-") || text.hasPrefix("+") ? 1 : 0)
        guard !digits.isEmpty else { return false }
        if let dot = digits.firstIndex(of: ".") {
            let fraction = digits[digits.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ ("0"..."9").contains($0) }) else { return false }
            digits = digits[..<dot]
        }
        return !digits.isEmpty && digits.allSatisfy { ("0"..."9").contains($0) }
    }
}
