import Foundation

/// A row type of one ledger table, mapped through `Codable`: each coding key is a column.
///
/// Values are stored exactly as GRDB has always stored them in a SQLite ledger, so rows written through either read
/// back the same and a table's digest does not depend on which wrote it:
/// - integers and `Bool` as integers (0 or 1), `Float` and `Double` as reals, `String` as text;
/// - `Date` as text `yyyy-MM-dd HH:mm:ss.SSS` in UTC; `Data` and `UUID` as blobs;
/// - an enum by its raw value, an optional left out as NULL;
/// - any other nested value (an array, a struct) as JSON text with sorted keys, dates in milliseconds since 1970.
public protocol LedgerRecord: Codable {
    /// The table the record is a row of.
    static var tableName: String { get }
}

extension LedgerRecord {
    /// The record's columns and values, in coding order.
    func ledgerColumns() throws -> [(name: String, value: LedgerValue)] {
        let encoder = LedgerRecordEncoder()
        try encode(to: encoder)
        return encoder.columns
    }

    /// Reads a record from a row of its table.
    init(row: LedgerRow) throws {
        try self.init(from: LedgerRowDecoder(row: row))
    }
}

/// How the ledger writes a date as text, as GRDB does.
enum LedgerDateText {
    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter
    }()

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = Locale(identifier: "en_US_POSIX")
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }()

    /// `date` as `yyyy-MM-dd HH:mm:ss.SSS`, UTC.
    static func text(_ date: Date) -> String { formatter.string(from: date) }

    /// The date of a SQLite date text (`YYYY-MM-DD`, then optionally ` HH:MM`, `:SS`, `.SSS…` and `Z` or `±HH:MM`;
    /// `T` may separate date and time), computed as GRDB computes it; nil for any other text.
    static func date(_ text: String) -> Date? {
        var scanner = DigitScanner(bytes: Array(text.utf8))
        var components = DateComponents()
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2)
        else { return nil }
        components.year = year; components.month = month; components.day = day
        if !scanner.atEnd {
            guard scanner.skip(" ") || scanner.skip("T"), let hour = scanner.number(2), scanner.skip(":"),
                let minute = scanner.number(2)
            else { return nil }
            components.hour = hour; components.minute = minute
            if scanner.skip(":") {
                guard let second = scanner.number(2) else { return nil }
                components.second = second
                if scanner.skip(".") {
                    var fraction = 0
                    var digits = 0
                    while let digit = scanner.digit() {
                        if digits < 3 { fraction = fraction * 10 + digit }
                        digits += 1
                    }
                    guard digits > 0 else { return nil }
                    components.nanosecond = fraction * [100_000_000, 10_000_000, 1_000_000][min(digits, 3) - 1]
                }
            }
            if scanner.skip("Z") {
                components.timeZone = TimeZone(secondsFromGMT: 0)
            } else if let sign = scanner.skip("+") ? 1 : scanner.skip("-") ? -1 : nil {
                guard let hours = scanner.number(2), scanner.skip(":"), let minutes = scanner.number(2) else { return nil }
                components.timeZone = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
            }
            guard scanner.atEnd else { return nil }
        }
        guard let date = calendar.date(from: components) else { return nil }
        return Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate)
    }

    private struct DigitScanner {
        let bytes: [UInt8]
        var index = 0
        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard !atEnd, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard !atEnd, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
            index += 1
            return Int(bytes[index - 1] - UInt8(ascii: "0"))
        }

        mutating func number(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }
    }
}

/// JSON as GRDB writes and reads nested values: sorted keys, data in base64, dates in milliseconds since 1970.
enum LedgerJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.dataEncodingStrategy = .base64
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .throw
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dataDecodingStrategy = .base64
        decoder.dateDecodingStrategy = .millisecondsSince1970
        decoder.nonConformingFloatDecodingStrategy = .throw
        return try decoder.decode(type, from: Data(text.utf8))
    }
}

extension UUID {
    /// The UUID's 16 bytes, as GRDB stores a UUID.
    var ledgerBytes: [UInt8] { withUnsafeBytes(of: uuid) { Array($0) } }
}
