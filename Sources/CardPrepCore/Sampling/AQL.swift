import Foundation

/// An acceptance quality limit: one of the 26 preferred values of ISO 2859-1 (0.010 to 1000).
///
/// Values up to 10 are percent nonconforming or nonconformities per 100 items; larger values
/// are nonconformities per 100 items only.
public struct AQL: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The preferred values as printed in the master tables' column heads.
    public static let preferredValues: [String] = [
        "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
        "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65",
        "100", "150", "250", "400", "650", "1000",
    ]

    /// Every preferred AQL, smallest first.
    public static let all: [AQL] = preferredValues.indices.map { AQL(column: $0) }

    /// The column of the master tables (0 for 0.010, 25 for 1000).
    public let column: Int

    private init(column: Int) { self.column = column }

    /// Parses "2.5", "2.50", "0.1", "10" or "10.0" into the preferred value it names.
    /// - Throws: `SamplingError.unknownAQL` when the text is not a number or not a preferred value.
    public init(parsing text: String) throws(SamplingError) {
        guard let wanted = Self.hundredthsOfThousandths(text) else { throw .unknownAQL(text) }
        guard let column = Self.preferredValues.firstIndex(where: { Self.hundredthsOfThousandths($0) == wanted }) else {
            throw .unknownAQL(text)
        }
        self.column = column
    }

    /// The value as printed in the standard, e.g. "2.5" or "0.010".
    public var description: String { Self.preferredValues[column] }

    /// The next smaller preferred AQL (one step tighter), or nil for 0.010.
    public var oneStepTighter: AQL? { column > 0 ? AQL(column: column - 1) : nil }

    public static func < (lhs: AQL, rhs: AQL) -> Bool { lhs.column < rhs.column }

    /// Parses like `init(parsing:)`, giving nil instead of an error.
    public init?(_ text: String) {
        guard let aql = try? AQL(parsing: text) else { return nil }
        self = aql
    }

    /// The value times 100 000 as an integer, so "2.5" and "2.50" compare equal without floating point.
    private static func hundredthsOfThousandths(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, !parts[0].isEmpty else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy(\.isNumber), fraction.count <= 5 else { return nil }
        fraction += String(repeating: "0", count: 5 - fraction.count)
        guard let fractional = Int(fraction) else { return nil }
        return whole * 100_000 + fractional
    }
}

extension AQL: Codable {
    /// Decodes from the value's text, e.g. "0.65".
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let aql = AQL(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a preferred AQL"))
        }
        self = aql
    }

    /// Encodes as the value's text as the standard prints it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
