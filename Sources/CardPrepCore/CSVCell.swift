/// One cell of a CSV file CardPrep writes for people (reject reports, reconciliation reports, statements): quoted as
/// RFC 4180 requires, and neutralised against formula injection as OWASP recommends. A cell that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as text instead of running
/// it; plain numbers (`-5`, `+3.25`) are left as they are.
public enum CSVCell {
    /// `field` as a safe CSV cell.
    public static func text(_ field: String) -> String {
        var value = field
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(value) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
