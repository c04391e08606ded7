/// Faults the fixtures generator can plant, for tests, demos and benchmarks.
public enum FixtureInjection: String, Sendable, CaseIterable, Codable {
    /// A card number whose Luhn check digit is wrong (per record).
    case badLuhn = "bad-luhn"
    /// A card number repeated from an earlier record of the same drop (per record).
    case duplicateCard = "duplicate-card"
    /// A bank card whose expiry is before the drop's date (per record).
    case expiredCard = "expired-card"
    /// A trailer whose record count is one too many (per drop).
    case trailerCount = "trailer-count"
    /// An order line whose quantity is one more than the records sent for it (per drop).
    case quantityMismatch = "quantity-mismatch"
    /// An order file cut in half (per drop).
    case malformedXML = "malformed-xml"
    /// Card data encrypted to a key that is not the bureau's (per drop).
    case wrongRecipient = "wrong-recipient"
    /// Card data cut short after encryption (per drop).
    case truncatedFile = "truncated-file"

    /// Whether the count given for this kind counts records (true) or drops (false).
    public var isPerRecord: Bool { self == .badLuhn || self == .duplicateCard || self == .expiredCard }

    /// Parses `KIND=COUNT`.
    /// - Throws: `FixtureError.badInjection` with the text when it is not a known kind and a count ≥ 0.
    public static func parse(_ text: String) throws(FixtureError) -> (FixtureInjection, Int) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = FixtureInjection(rawValue: parts[0]), let count = Int(parts[1]), count >= 0 else {
            throw .badInjection(text)
        }
        return (kind, count)
    }
}

/// One planted fault, as listed in the generator's `injections.json` (no card data in it).
public struct PlantedFault: Sendable, Equatable, Codable {
    public var customer: String
    public var drop: String
    public var kind: FixtureInjection
    /// The detail record's number, for per-record kinds.
    public var recordNumber: Int?
    /// The order line, for `quantity-mismatch`.
    public var orderLine: Int?
}

/// Why fixtures could not be generated.
public enum FixtureError: Error, Equatable, CustomStringConvertible {
    case badInjection(String)
    case tooManyFaults(FixtureInjection, requested: Int, possible: Int)
    case exists(String)

    public var description: String {
        switch self {
        case let .badInjection(text):
            "'\(text)' is not KIND=COUNT with KIND one of \(FixtureInjection.allCases.map(\.rawValue).joined(separator: ", "))"
        case let .tooManyFaults(kind, requested, possible):
            "cannot plant \(requested) \(kind.rawValue) fault(s): only \(possible) place(s) for them"
        case let .exists(path): "\(path) exists already; the generator never overwrites a drop"
        }
    }
}
