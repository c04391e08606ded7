import Foundation

/// A CSV table as RFC 4180 defines it: a header row naming the columns, then records of comma-separated
/// fields; a field holding a comma, a quote or a line break is quoted, quotes doubled. Lines end in CRLF or LF.
/// Rows remember the line they start on so that findings can name it.
public struct CSVTable: Sendable, Equatable {
    /// One record with the line of the file it starts on (the header is line 1).
    public struct Row: Sendable, Equatable {
        /// The line the record starts on, counted from 1.
        public var line: Int
        /// The fields, in column order.
        public var fields: [String]
    }

    /// The column names of the header row.
    public var header: [String]
    /// The records after the header; blank lines are skipped.
    public var rows: [Row]

    /// Splits `text` into a header and rows.
    /// - Throws: `CSVError` for an unterminated quote or text after a closing quote.
    public init(parsing text: String) throws(CSVError) {
        var records: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, afterQuote = false, startLine = 1, line = 1
        var characters = Array(text.unicodeScalars)[...]
        if characters.first == "\u{FEFF}" { characters = characters.dropFirst() }
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: startLine, fields: fields)) }
            fields = []; field = ""; afterQuote = false
        }
        var index = characters.startIndex
        while index < characters.endIndex {
            let c = characters[index]
            index = characters.index(after: index)
            if quoted {
                if c == "\"" {
                    if index < characters.endIndex, characters[index] == "\"" {
                        field.unicodeScalars.append("\""); index = characters.index(after: index)
                    } else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",": fields.append(field); field = ""; afterQuote = false
            case "\r": continue
            case "\n": endRecord(); line += 1; startLine = line
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            default:
                guard !afterQuote else { throw .textAfterQuote(line: line) }
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw .unterminatedQuote(line: startLine) }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        guard let first = records.first else { throw .missingHeader }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = Array(records.dropFirst())
    }

    /// The text of `fields` as one CSV line (without its line end): quoted where RFC 4180 needs it and neutralised
    /// against formula injection (`CSVCell`).
    public static func line(_ fields: [String]) -> String { CSVCell.line(fields) }

    /// The header columns missing from `required`, in the order given.
    public func missingColumns(_ required: [String]) -> [String] { required.filter { !header.contains($0) } }

    /// The value of `column` in `row`, trimmed; empty when the row is short.
    public func value(_ column: String, in row: Row) -> String {
        guard let index = header.firstIndex(of: column), index < row.fields.count else { return "" }
        return row.fields[index].trimmingCharacters(in: .whitespaces)
    }
}

/// A CSV file that cannot be split into records at all.
public enum CSVError: Error, Equatable, CustomStringConvertible {
    /// The file is empty: no header row.
    case missingHeader
    /// A quoted field is not closed before the end of the file.
    case unterminatedQuote(line: Int)
    /// Text follows a closing quote in the same field.
    case textAfterQuote(line: Int)

    public var description: String {
        switch self {
        case .missingHeader: "the file is empty: a header row is required"
        case let .unterminatedQuote(line): "line \(line): a quoted field is not closed"
        case let .textAfterQuote(line): "line \(line): text after a closing quote"
        }
    }
}
