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
        try make(name: name, address: CarrierAddress(address, layout: layout))
    }

    /// The address block for a card whose address lines were prepared once for all the cards going there.
    /// - Throws: as ``make(name:address:layout:)`` does.
    public static func make(name: CardholderName, address: CarrierAddress) throws(PersonalisationError) -> [String] {
        let nameLine = nameLine(for: name)
        guard !nameLine.isEmpty else { throw .emptyName }
        if let problem = address.problem(nameLineLength: nameLine.count) { throw problem }
        return [nameLine] + address.lines
    }

    /// The first line of the address block: the title, if any, and the name as the issuer wrote it, in the
    /// customer's name order, white space and control characters collapsed (`clean(name.fullName)`, without breaking a Latin-script name into characters). Empty when
    /// nothing of the name is left.
    public static func nameLine(for name: CardholderName) -> String {
        var line = [UInt8]()
        line.reserveCapacity(name.title.utf8.count + name.given.utf8.count + name.family.utf8.count + 2)
        let (first, second) = name.order == .surnameFirst ? (name.family, name.given) : (name.given, name.family)
        guard LatinWords.appendWords(name.title, at: isCut, to: &line), LatinWords.appendWords(first, at: isCut, to: &line),
            LatinWords.appendWords(second, at: isCut, to: &line)
        else {
            return clean(([name.title, name.fullName]).joined(separator: " "))
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// White space and control characters (below U+0300), where words of a name are cut.
    private static func isCut(_ value: UInt32) -> Bool { LatinWords.isWhiteSpace(value) || LatinWords.isControl(value) }

    /// `clean(name.fullName)`, without breaking a Latin-script name into characters.
    static func cleanFullName(_ name: CardholderName) -> String {
        var line = [UInt8]()
        line.reserveCapacity(name.given.utf8.count + name.family.utf8.count + 1)
        let (first, second) = name.order == .surnameFirst ? (name.family, name.given) : (name.given, name.family)
        guard LatinWords.appendWords(first, at: isCut, to: &line), LatinWords.appendWords(second, at: isCut, to: &line) else {
            return clean(name.fullName)
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// `text` with runs of white space and control characters made single spaces, and none at either end.
    static func clean(_ text: String) -> String {
        text.split(whereSeparator: { character in
            character.isWhitespace || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
        }).joined(separator: " ")
    }
}

/// The lines of a carrier's address block below the cardholder's name, cleaned as ``CarrierLines`` describes:
/// the same for every card sent to one address, so worked out once.
public struct CarrierAddress: Sendable, Equatable {
    /// The street lines, the postal code and city line and, when the layout asks for it, the country code.
    public let lines: [String]
    /// The carrier's layout.
    public let layout: CarrierLayout
    /// More lines than the layout has, whatever the name.
    private let countProblem: PersonalisationError?
    /// The first address line longer than the layout's.
    private let lineProblem: PersonalisationError?

    /// Prepares the lines of `address` for `layout`.
    public init(_ address: PostalAddress, layout: CarrierLayout) {
        var lines = address.street.map(CarrierLines.clean).filter { !$0.isEmpty }
        let cityLine = [CarrierLines.clean(address.postalCode), CarrierLines.clean(address.city)].filter { !$0.isEmpty }
            .joined(separator: " ")
        if !cityLine.isEmpty { lines.append(cityLine) }
        if layout.includesCountry, case let country = CarrierLines.clean(address.country).uppercased(), !country.isEmpty {
            lines.append(country)
        }
        self.lines = lines
        self.layout = layout
        let count = lines.count + 1
        countProblem =
            count > layout.maximumLines ? .tooManyLines(field: .carrierLine, count: count, maximum: layout.maximumLines) : nil
        lineProblem = lines.enumerated().lazy.compactMap { (index, line) -> PersonalisationError? in
            if line.count > layout.lineMaximumLength {
                return .lineTooLong(field: .carrierLine, line: index + 2, length: line.count, maximum: layout.lineMaximumLength)
            }
            // `|` separates the fields of job files.
            if let bar = line.firstIndex(of: "|") {
                return .invalidCharacter(field: .carrierLine, position: line.distance(from: line.startIndex, to: bar) + 1)
            }
            return nil
        }.first
    }

    /// Why the address block with a name line of `nameLineLength` characters does not fit the layout, as
    /// ``CarrierLines/make(name:address:)`` finds it: too many lines, then the first line too long; nil when it fits.
    public func problem(nameLineLength: Int) -> PersonalisationError? {
        if let countProblem { return countProblem }
        guard nameLineLength <= layout.lineMaximumLength else {
            return .lineTooLong(field: .carrierLine, line: 1, length: nameLineLength, maximum: layout.lineMaximumLength)
        }
        return lineProblem
    }
}
