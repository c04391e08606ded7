import Foundation

/// The period a complaints report covers: a calendar month (`2026-11`) or year (`2026`), in UTC, from its first
/// instant up to the first instant of the next.
public struct ComplaintPeriod: Sendable, Equatable {
    /// As given: `2026-11` or `2026`.
    public var name: String
    /// The first instant of the period.
    public var from: Date
    /// The first instant after it.
    public var until: Date

    /// Reads a month or a year.
    /// - Throws: `ComplaintError.badPeriod`.
    public init(_ text: String) throws(ComplaintError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), year >= 1970,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) })
        else { throw .badPeriod(text) }
        var month: Int?
        if parts.count == 2 {
            guard parts[1].count == 2, let value = Int(parts[1]), (1...12).contains(value) else { throw .badPeriod(text) }
            month = value
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let from = calendar.date(from: DateComponents(year: year, month: month ?? 1, day: 1)),
            let until = calendar.date(byAdding: month == nil ? .year : .month, value: 1, to: from)
        else { throw .badPeriod(text) }
        name = text; self.from = from; self.until = until
    }

    /// Whether `date` falls in the period.
    public func contains(_ date: Date) -> Bool { date >= from && date < until }
}
