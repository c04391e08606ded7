/// A value that can stand in a product's discretionary data: a card verification value, or the issuer's PIN
/// verification key index (PVKI, one digit) and PIN verification value (PVV, four digits).
public enum CardValueField: String, Sendable, Hashable, CaseIterable, Codable {
    case cvv1, cvv2, icvv, pvki, pvv

    /// The number of digits the value has.
    public var length: Int {
        switch self {
        case .cvv1, .cvv2, .icvv: 3
        case .pvki: 1
        case .pvv: 4
        }
    }

    /// The card data file's field that carries the value when the issuer supplies it.
    public var detailField: DetailField {
        switch self {
        case .cvv1: .cvv1
        case .cvv2: .cvv2
        case .icvv: .icvv
        case .pvki: .pvki
        case .pvv: .pvv
        }
    }
}

/// Where values go in a track's (or tag 57's) discretionary data: text with placeholders, such as
/// `{pvki}{pvv}{cvv1}000` for a Visa track 2 (PVKI, PVV, CVV, then fill). A placeholder is a
/// ``CardValueField`` in braces; everything else is written as it stands.
public struct DiscretionaryTemplate: Sendable, Hashable, CustomStringConvertible {
    /// A piece of the template.
    public enum Part: Sendable, Hashable {
        case literal(String)
        case value(CardValueField)
    }

    /// The pieces in order.
    public let parts: [Part]

    /// Reads a template.
    /// - Throws: ``CardValueError/template(_:reason:)`` for an unknown or unclosed placeholder.
    public init(_ text: String) throws(CardValueError) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { throw .template(text, reason: "a { is not closed") }
            let name = String(rest[rest.index(after: open)..<close])
            guard let field = CardValueField(rawValue: name) else {
                throw .template(
                    text,
                    reason: "{\(name)} is not one of "
                        + CardValueField.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", "))
            }
            parts.append(.value(field))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        let strayBrace = parts.contains { if case .literal(let literal) = $0 { literal.contains("}") } else { false } }
        guard !strayBrace else { throw .template(text, reason: "a } has no {") }
        self.parts = parts
    }

    /// The values the template needs.
    public var fields: Set<CardValueField> {
        Set(parts.compactMap { if case .value(let field) = $0 { field } else { nil } })
    }

    /// The discretionary data with `values` put in.
    public func fill(_ values: CardValues) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .value(let field): values[field]
            }
        }.joined()
    }

    public var description: String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .value(let field): "{\(field.rawValue)}"
            }
        }.joined()
    }
}

/// The card values of one card. Card data: never log it or write it in clear.
public struct CardValues: Sendable, Equatable, CustomStringConvertible {
    private var values: [CardValueField: String]

    /// Values by field; a field missing reads as zeros of its length (as validation checks lengths with).
    public init(_ values: [CardValueField: String] = [:]) { self.values = values }

    /// The value of `field`, or zeros of its length when it has none.
    public subscript(field: CardValueField) -> String {
        get { values[field] ?? String(repeating: "0", count: field.length) }
        set { values[field] = newValue }
    }

    /// Whether `field` has a value.
    public func has(_ field: CardValueField) -> Bool { values[field] != nil }

    public var description: String { "card values (\(values.count))" }
}

/// Why a product's card values cannot be set up or made.
public enum CardValueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A discretionary data template is malformed.
    case template(String, reason: String)
    /// An issuer-supplied value is missing or not the digits it should be; carries no value.
    case issuerValue(CardValueField, reason: String)

    public var description: String {
        switch self {
        case let .template(text, reason): "discretionary data template '\(text)': \(reason)"
        case let .issuerValue(field, reason): "\(field.rawValue) \(reason)"
        }
    }
}
