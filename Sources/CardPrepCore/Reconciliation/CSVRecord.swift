import Foundation

/// A record type read from one row of a documented CSV input.
public protocol CSVRecord: Sendable {
    /// The columns the header must name, in the documented order.
    static var columns: [String] { get }
    /// Reads one row.
    /// - Throws: `CSVFieldError` naming the first field that is wrong.
    init(_ fields: CSVFields) throws(CSVFieldError)
}

/// The records read from an input and a finding for each line that could not be read.
public struct ParsedInput<Record: CSVRecord>: Sendable {
    /// The records read, in file order, with the line each starts on.
    public var records: [(line: Int, record: Record)]
    /// One `malformed-input` finding per unreadable line (or one for the whole file).
    public var findings: [ReconciliationFinding]

    /// Reads `text`, naming `file` in findings. A line that cannot be read is a finding, never an error.
    public static func parse(_ text: String, file: String) -> ParsedInput<Record> {
        var result = ParsedInput(records: [], findings: [])
        func fail(_ line: Int?, _ message: String) {
            result.findings.append(ReconciliationFinding(.malformedInput, at: .init(file: file, line: line), message: message))
        }
        let table: CSVTable
        do { table = try CSVTable(parsing: text) } catch { fail(nil, error.description); return result }
        let missing = table.missingColumns(Record.columns)
        guard missing.isEmpty else { fail(1, "header lacks \(missing.joined(separator: ", "))"); return result }
        for row in table.rows {
            guard row.fields.count == table.header.count else {
                fail(row.line, "\(row.fields.count) fields where the header names \(table.header.count)"); continue
            }
            do { result.records.append((row.line, try Record(CSVFields(table: table, row: row)))) } catch {
                fail(row.line, error.description)
            }
        }
        return result
    }

    /// The records without their lines.
    public var values: [Record] { records.map(\.record) }
}

/// The fields of one row, read by column name with their type checked.
public struct CSVFields: Sendable {
    let table: CSVTable
    let row: CSVTable.Row

    /// The trimmed text of `column`, empty when blank.
    public func optional(_ column: String) -> String { table.value(column, in: row) }

    /// The text of `column`, which must not be blank.
    public func text(_ column: String) throws(CSVFieldError) -> String {
        let value = optional(column)
        guard !value.isEmpty else { throw .invalid(column: column, value: value, expected: "a value") }
        return value
    }

    /// A whole number of at least `minimum`.
    public func count(_ column: String, minimum: Int = 0) throws(CSVFieldError) -> Int {
        let value = optional(column)
        guard let number = Int(value), number >= minimum else {
            throw .invalid(column: column, value: value, expected: "a whole number of at least \(minimum)")
        }
        return number
    }

    /// One of the values of `T`.
    public func choice<T: RawRepresentable & CaseIterable>(_ column: String, _: T.Type) throws(CSVFieldError) -> T
    where T.RawValue == String {
        let value = optional(column)
        guard let choice = T(rawValue: value) else {
            throw .invalid(column: column, value: value, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }

    /// An ISO 8601 time with its zone, e.g. `2026-11-03T09:12:00Z`.
    public func time(_ column: String) throws(CSVFieldError) -> Date {
        let value = optional(column)
        guard let time = Self.time(value) else { throw .invalid(column: column, value: value, expected: "an ISO 8601 time") }
        return time
    }

    /// An ISO 8601 time, or nil when the column is blank.
    public func optionalTime(_ column: String) throws(CSVFieldError) -> Date? {
        optional(column).isEmpty ? nil : try time(column)
    }

    static func time(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}

/// A field of a CSV row that does not hold what its column documents.
public enum CSVFieldError: Error, Equatable, CustomStringConvertible {
    /// `column` holds `value` where `expected` was documented.
    case invalid(column: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .invalid(column, value, expected): "\(column) '\(value)' is not \(expected)"
        }
    }
}
