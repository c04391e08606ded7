import Foundation

/// The options field of an allowed_signers line: `cert-authority`, `namespaces="…"`, `valid-after="…"`,
/// `valid-before="…"`, separated by commas; names are case-insensitive, as in OpenSSH.
struct AllowedSignersOptions {
    var certificateAuthority = false
    var namespaces: String?
    var validAfter: Date?
    var validBefore: Date?

    init() {}

    /// Parses an options field such as `namespaces="file,git",valid-after="20240101"`.
    init(parsing text: String, line: Int) throws(AllowedSignersError) {
        var rest = Substring(text)
        while !rest.isEmpty {
            if Self.takeName("cert-authority", from: &rest, valued: false) {
                certificateAuthority = true
            } else if Self.takeName("namespaces", from: &rest, valued: true) {
                guard namespaces == nil else { throw .malformedOptions(line: line, reason: "namespaces given twice") }
                namespaces = try Self.takeQuoted(&rest, line: line)
            } else if Self.takeName("valid-after", from: &rest, valued: true) {
                guard validAfter == nil else { throw .malformedOptions(line: line, reason: "valid-after given twice") }
                validAfter = try Self.time(Self.takeQuoted(&rest, line: line), line: line)
            } else if Self.takeName("valid-before", from: &rest, valued: true) {
                guard validBefore == nil else { throw .malformedOptions(line: line, reason: "valid-before given twice") }
                validBefore = try Self.time(Self.takeQuoted(&rest, line: line), line: line)
            } else {
                throw .unsupportedOption(line: line, option: String(rest.prefix(while: { $0 != "," && $0 != "=" })))
            }
            guard let separator = rest.first else { break }
            guard separator == "," else {
                throw .malformedOptions(line: line, reason: "expected a comma before \(String(rest))")
            }
            rest = rest.dropFirst()
            guard !rest.isEmpty else { throw .malformedOptions(line: line, reason: "the options end with a comma") }
        }
        if let validAfter, let validBefore, validBefore <= validAfter {
            throw .malformedOptions(line: line, reason: "valid-before is not after valid-after")
        }
    }

    /// Consumes `name` (and `=` when `valued`) when `rest` starts with it, ignoring case.
    private static func takeName(_ name: String, from rest: inout Substring, valued: Bool) -> Bool {
        let token = valued ? name + "=" : name
        guard rest.count >= token.count, rest.prefix(token.count).lowercased() == token else { return false }
        let after = rest.dropFirst(token.count)
        guard valued || after.isEmpty || after.first == "," else { return false }
        rest = after
        return true
    }

    /// Consumes a double-quoted value, in which `\"` stands for a quote.
    private static func takeQuoted(_ rest: inout Substring, line: Int) throws(AllowedSignersError) -> String {
        guard rest.first == "\"" else { throw .malformedOptions(line: line, reason: "an option value is not quoted") }
        var value = ""
        var index = rest.index(after: rest.startIndex)
        while index < rest.endIndex, rest[index] != "\"" {
            let next = rest.index(after: index)
            if rest[index] == "\\", next < rest.endIndex, rest[next] == "\"" {
                value.append("\"")
                index = rest.index(after: next)
            } else {
                value.append(rest[index])
                index = next
            }
        }
        guard index < rest.endIndex else { throw .unterminatedQuote(line: line) }
        rest = rest[rest.index(after: index)...]
        return value
    }

    /// Parses OpenSSH's absolute time: `YYYYMMDD`, `YYYYMMDDHHMM` or `YYYYMMDDHHMMSS`, local time unless it ends in `Z`.
    static func time(_ value: String, line: Int) throws(AllowedSignersError) -> Date {
        var digits = Substring(value)
        var timeZone = TimeZone.current
        if let last = digits.last, last == "Z" || last == "z" {
            digits = digits.dropLast()
            timeZone = TimeZone(identifier: "UTC")!
        }
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy(\.isASCII), let _ = UInt64(digits) else {
            throw .invalidTime(line: line, value: value)
        }
        func number(_ offset: Int, _ length: Int) -> Int {
            Int(digits.dropFirst(offset).prefix(length)) ?? 0
        }
        var components = DateComponents()
        components.year = number(0, 4)
        components.month = number(4, 2)
        components.day = number(6, 2)
        components.hour = digits.count >= 12 ? number(8, 2) : 0
        components.minute = digits.count >= 12 ? number(10, 2) : 0
        components.second = digits.count == 14 ? number(12, 2) : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else {
            throw .invalidTime(line: line, value: value)
        }
        return date
    }
}
