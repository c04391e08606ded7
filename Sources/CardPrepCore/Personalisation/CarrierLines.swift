/// How a carrier (the mailer a card is glued to) is laid out.
public struct CarrierLayout: Sendable, Equatable {
    /// The characters of each address line.
    public var lineMaximumLength: Int
    /// The lines of the address block, name included.
    public var maximumLines: Int
    /// Whether the country code ends the address block (for mail abroad).
    public var includesCountry: Bool

    /// Creates a layout; the defaults suit a windowed envelope with a six-line address block.
    public init(lineMaximumLength: Int = 40, maximumLines: Int = 6, includesCountry: Bool = false) {
        self.lineMaximumLength = lineMaximumLength
        self.maximumLines = maximumLines
        self.includesCountry = includesCountry
    }
}

/// The address block printed on a card carrier.
///
/// Lines, top to bottom: the cardholder's name as the issuer wrote it (carriers are printed, so any script the
/// printer's fonts have is kept; no transliteration, no abbreviation); the street lines; the postal code and
/// city on one line (`75008 PARIS`); and, when the layout asks for it, the ISO 3166-1 alpha-2 country code.
/// White space and control characters are collapsed to single spaces and empty lines dropped. Lines are never
/// cut: an address that does not fit is refused, since a cut address may not arrive.
public enum CarrierLines {
    /// The address block for a card.
    /// - Throws: ``PersonalisationError/emptyName``, ``PersonalisationError/tooManyLines(field:count:maximum:)``
    ///   or ``PersonalisationError/lineTooLong(field:line:length:maximum:)``.
    public static func make(
        name: CardholderName, address: PostalAddress, layout: CarrierLayout = CarrierLayout()
    ) throws(PersonalisationError) -> [String] {
        let nameLine = clean(name.fullName)
        guard !nameLine.isEmpty else { throw .emptyName }
        var lines = [nameLine]
        lines += address.street.map(clean).filter { !$0.isEmpty }
        let cityLine = [clean(address.postalCode), clean(address.city)].filter { !$0.isEmpty }.joined(separator: " ")
        if !cityLine.isEmpty { lines.append(cityLine) }
        if layout.includesCountry, case let country = clean(address.country).uppercased(), !country.isEmpty {
            lines.append(country)
        }
        guard lines.count <= layout.maximumLines else {
            throw .tooManyLines(field: .carrierLine, count: lines.count, maximum: layout.maximumLines)
        }
        for (index, line) in lines.enumerated() where line.count > layout.lineMaximumLength {
            throw .lineTooLong(field: .carrierLine, line: index + 1, length: line.count, maximum: layout.lineMaximumLength)
        }
        return lines
    }

    private static func clean(_ text: String) -> String {
        text.split(whereSeparator: { character in
            character.isWhitespace || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
        }).joined(separator: " ")
    }
}
