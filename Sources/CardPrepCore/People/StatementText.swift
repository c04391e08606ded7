import Foundation

/// The lexical rules of statement text.
enum StatementText {
    /// `vault.checkout`: lowercase words joined by `.` or `-`.
    static func isActionName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-".unicodeScalars.contains($0)
        }
    }

    /// `borrower`, `returned-by`: lowercase letters, digits and `-`, starting with a letter.
    static func isFieldName(_ text: String) -> Bool { Person.isValidRole(text) }

    /// A value is one non-empty line with no control characters and no white space at either end.
    static func checkValue(_ value: String, name: String) throws(StatementError) {
        guard !value.isEmpty else { throw .badValue(name: name, reason: "must not be empty") }
        guard
            !value.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}"
            })
        else { throw .badValue(name: name, reason: "must be one line without control characters") }
        guard value.trimmingCharacters(in: .whitespaces) == value else {
            throw .badValue(name: name, reason: "must not start or end with a space")
        }
    }
}

/// The times statements carry: UTC, whole seconds, `2026-11-02T10:15:00Z`.
public enum StatementTime {
    /// `date` as `2026-11-02T10:15:00Z`.
    public static func text(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// The time `text` names, when it is written exactly as `text(_:)` writes it.
    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text), Self.text(date) == text else { return nil }
        return date
    }
}

/// Why a statement could not be made or read.
public enum StatementError: Error, Equatable, CustomStringConvertible {
    /// The text is not a statement as CardPrep writes it.
    case malformed(line: Int?, reason: String)
    /// A field's name or value cannot be written in a statement.
    case badValue(name: String, reason: String)

    public var description: String {
        switch self {
        case let .malformed(line?, reason): "not a CardPrep statement: line \(line): \(reason)"
        case let .malformed(nil, reason): "not a CardPrep statement: \(reason)"
        case let .badValue(name, reason): "statement field '\(name)' \(reason)"
        }
    }
}
