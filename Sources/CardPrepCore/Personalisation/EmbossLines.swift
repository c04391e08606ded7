import Foundation

/// What an embosser (or the laser engraver beside it) can write, and how much room there is.
public struct EmbossLayout: Sendable, Equatable {
    /// The characters of the card number line. The default, 23, holds a 19-digit number grouped 4-4-4-4-3;
    /// machines and fonts differ, so the profile may lower it.
    public var numberLineMaximumLength: Int
    /// The characters of each line below the number (expiry, name, further lines): 27 in ISO/IEC 7811-3's
    /// name and address area, or the machine's.
    public var lineMaximumLength: Int
    /// The lines below the number: 4 in ISO/IEC 7811-3's name and address area.
    public var maximumLines: Int
    /// The words before the expiry date, embossing characters only; may be empty.
    public var expiryLabel: String
    /// Whether the machine laser-engraves names in scripts the embossing set lacks (Chinese characters, …).
    public var laserEngravesUnicodeNames: Bool

    /// Creates a layout; the defaults are those of ISO/IEC 7811 and a plain embosser.
    public init(
        numberLineMaximumLength: Int = 23, lineMaximumLength: Int = EmbossName.embossLineMaximumLength,
        maximumLines: Int = 4, expiryLabel: String = "VALID THRU", laserEngravesUnicodeNames: Bool = false
    ) {
        self.numberLineMaximumLength = numberLineMaximumLength
        self.lineMaximumLength = lineMaximumLength
        self.maximumLines = maximumLines
        self.expiryLabel = expiryLabel
        self.laserEngravesUnicodeNames = laserEngravesUnicodeNames
    }
}

/// The cardholder name as the card carries it on its face.
public enum NameLine: Sendable, Equatable {
    /// Embossed: transliterated to the ISO 7811 set and fitted.
    case embossed(FittedName)
    /// Laser-engraved in the issuer's characters, for a machine that can.
    case laserEngraved(String)

    /// The line's text.
    public var text: String {
        switch self {
        case .embossed(let name): name.text
        case .laserEngraved(let text): text
        }
    }
}

/// The lines written on a card's face, top to bottom:
///
/// 1. the card number, grouped: 4-4-4-4 for 16 digits, 4-6-5 for 15 (American Express style), 4-6-4 for 14,
///    4-3-3-3 for 13, 4-4-4-4-3 for 19, otherwise groups of four from the left;
/// 2. the expiry, `VALID THRU MM/YY` (the label is the layout's), when the card has one;
/// 3. the cardholder name, given names first, fitted to the line (see ``EmbossName/fit(_:form:maximumLength:policy:)``);
/// 4. any further lines the product asks for (a company name, a membership number), transliterated like names
///    but never shortened.
///
/// Holds card data: its ``description`` gives only the number of lines.
public struct EmbossLines: Sendable, Equatable, CustomStringConvertible {
    /// The card number, grouped.
    public let numberLine: String
    /// `VALID THRU MM/YY`, or nil for a card without an expiry date.
    public let expiryLine: String?
    /// The cardholder name.
    public let nameLine: NameLine
    /// Further lines below the name.
    public let additionalLines: [String]

    /// All lines, top to bottom.
    public var lines: [String] { [numberLine] + (expiryLine.map { [$0] } ?? []) + [nameLine.text] + additionalLines }

    public var description: String { "\(lines.count) emboss lines" }

    /// The lines for a card.
    /// - Parameters:
    ///   - pan: 8 to 19 digits.
    ///   - expiry: `YYMM`, or nil.
    ///   - name: the cardholder's name.
    ///   - additionalLines: lines below the name.
    ///   - policy: what to do with a name too long for its line.
    ///   - layout: the machine's room and abilities.
    /// - Throws: ``PersonalisationError/nameNotTransliterable`` for a name with no transliteration when the
    ///   machine cannot laser-engrave it; ``PersonalisationError/lineTooLong(field:line:length:maximum:)``,
    ///   ``PersonalisationError/tooManyLines(field:count:maximum:)``, and errors of malformed fields.
    public static func make(
        pan: String, expiry: String?, name: CardholderName, additionalLines: [String] = [], policy: NameFitPolicy,
        layout: EmbossLayout = EmbossLayout()
    ) throws(PersonalisationError) -> EmbossLines {
        let number = try numberLine(pan)
        guard number.count <= layout.numberLineMaximumLength else {
            throw .lineTooLong(field: .embossLine, line: 1, length: number.count, maximum: layout.numberLineMaximumLength)
        }
        let faceLines = (expiry == nil ? 0 : 1) + 1 + additionalLines.count
        guard faceLines <= layout.maximumLines else {
            throw .tooManyLines(field: .embossLine, count: faceLines, maximum: layout.maximumLines)
        }
        let expiryText = try expiry.map { expiry throws(PersonalisationError) in try expiryLine(expiry, layout: layout) }
        let nameLine = try nameLine(for: name, policy: policy, layout: layout)
        let extra = try furtherLines(additionalLines, firstLine: expiry == nil ? 3 : 4, layout: layout)
        return EmbossLines(numberLine: number, expiryLine: expiryText, nameLine: nameLine, additionalLines: extra)
    }

    /// The expiry line (line 2) for `layout`: its label and `MM/YY`.
    /// - Throws: as ``expiryLine(_:label:)`` does, and ``PersonalisationError/lineTooLong(field:line:length:maximum:)``
    ///   when it is longer than the layout's lines.
    public static func expiryLine(_ expiry: String, layout: EmbossLayout) throws(PersonalisationError) -> String {
        let text = try expiryLine(expiry, label: layout.expiryLabel)
        guard text.count <= layout.lineMaximumLength else {
            throw .lineTooLong(field: .embossLine, line: 2, length: text.count, maximum: layout.lineMaximumLength)
        }
        return text
    }

    /// The name line of a card. A laser engraver whose character set is Unicode engraves the name as written
    /// (accents, `Ł`, CJK kept, in normalisation form C, white space collapsed) when it fits the line; a longer name
    /// is fitted in the embossing set like an embossed one when it has a transliteration. Other machines get the
    /// name fitted in the embossing set.
    /// - Throws: ``PersonalisationError/nameNotTransliterable`` when the machine cannot laser-engrave the name,
    ///   ``PersonalisationError/nameTooLong(length:maximum:)`` for a laser-engraved name longer than a line, and as
    ///   ``EmbossName/fit(_:form:maximumLength:policy:)`` does.
    public static func nameLine(
        for name: CardholderName, policy: NameFitPolicy, layout: EmbossLayout
    ) throws(PersonalisationError) -> NameLine {
        if layout.laserEngravesUnicodeNames {
            let cleaned = CarrierLines.cleanFullName(name)
            // Text below U+0300 is its own canonical composition (composition starts at a combining mark), and its
            // characters are its scalars but for CR LF.
            let written: String
            let length: Int
            if let count = LatinWords.characterCount(cleaned) {
                (written, length) = (cleaned, count)
            } else {
                written = cleaned.precomposedStringWithCanonicalMapping
                length = written.count
            }
            if length <= layout.lineMaximumLength, written.contains(where: { $0.isLetter || $0.isNumber }) {
                return .laserEngraved(written)
            }
        }
        switch try EmbossName.fit(name, form: .givenFirst, maximumLength: layout.lineMaximumLength, policy: policy) {
        case .fitted(let fitted): return .embossed(fitted)
        case .needsLaserEngraving(let original):
            guard layout.laserEngravesUnicodeNames else { throw .nameNotTransliterable }
            guard original.count <= layout.lineMaximumLength else {
                throw .nameTooLong(length: original.count, maximum: layout.lineMaximumLength)
            }
            return .laserEngraved(original)
        }
    }

    /// The product's further lines, transliterated like names but never shortened; the first is line `firstLine`
    /// of the card face.
    /// - Throws: ``PersonalisationError/invalidCharacter(field:position:)`` for a character with no transliteration,
    ///   ``PersonalisationError/lineTooLong(field:line:length:maximum:)`` for a line longer than the layout's.
    public static func furtherLines(
        _ lines: [String], firstLine: Int, layout: EmbossLayout
    ) throws(PersonalisationError) -> [String] {
        var extra = [String]()
        for (index, line) in lines.enumerated() {
            guard let text = EmbossName.transliterate(line) else {
                let position =
                    line.firstIndex { EmbossName.transliterate(String($0)) == nil }
                    .map { line.distance(from: line.startIndex, to: $0) + 1 } ?? 1
                throw .invalidCharacter(field: .embossLine, position: position)
            }
            guard text.count <= layout.lineMaximumLength else {
                throw .lineTooLong(
                    field: .embossLine, line: firstLine + index, length: text.count, maximum: layout.lineMaximumLength)
            }
            extra.append(text)
        }
        return extra
    }

    /// The card number grouped for embossing (see the type's description).
    /// - Throws: ``PersonalisationError/invalidPAN(masked:)``.
    public static func numberLine(_ pan: String) throws(PersonalisationError) -> String {
        try CardFields.checkPAN(pan)
        var pan = pan
        return pan.withUTF8 { digits in  // ASCII digits, checked
            String(unsafeUninitializedCapacity: numberLineLength(digits: digits.count)) { line in
                var written = 0
                var start = 0
                var group = 0
                while start < digits.count {
                    let size = min(groupSize(group, digits: digits.count), digits.count - start)
                    if start > 0 {
                        line[written] = UInt8(ascii: " ")
                        written += 1
                    }
                    for index in start..<(start + size) {
                        line[written] = digits[index]
                        written += 1
                    }
                    start += size
                    group += 1
                }
                return written
            }
        }
    }

    /// The length of ``numberLine(_:)`` for a card number of `digits` digits: the digits and a space between groups.
    public static func numberLineLength(digits: Int) -> Int {
        let groups =
            switch digits {
            case 13, 16: 4
            case 14, 15: 3
            case 19: 5
            default: (digits + 3) / 4
            }
        return digits + max(0, groups - 1)
    }

    /// The size of group `group` (from 0) of a number of `digits` digits; the last group of four of other lengths
    /// holds what is left.
    private static func groupSize(_ group: Int, digits: Int) -> Int {
        switch digits {
        case 13: group == 0 ? 4 : 3
        case 14: group == 1 ? 6 : 4
        case 15: group == 0 ? 4 : group == 1 ? 6 : 5
        case 19: group < 4 ? 4 : 3
        default: 4
        }
    }

    /// `label MM/YY` for an expiry of `YYMM` (just `MM/YY` for an empty label).
    /// - Throws: ``PersonalisationError/invalidExpiry``, or ``PersonalisationError/invalidCharacter(field:position:)``
    ///   for a label with characters outside the embossing set.
    public static func expiryLine(_ expiry: String, label: String) throws(PersonalisationError) -> String {
        let (year, month) = try CardFields.checkExpiry(expiry)
        try CardFields.checkCharacters(label, field: .expiryLabel) { $0.isASCII && EmbossName.isEmbossable(UInt8($0.value)) }
        var line = [UInt8]()
        line.reserveCapacity(label.utf8.count + 6)
        if !label.isEmpty {
            line += label.utf8
            line.append(UInt8(ascii: " "))
        }
        line += [UInt8(ascii: "0") + UInt8(month / 10), UInt8(ascii: "0") + UInt8(month % 10), UInt8(ascii: "/"),
                 UInt8(ascii: "0") + UInt8(year / 10), UInt8(ascii: "0") + UInt8(year % 10)]
        return String(decoding: line, as: UTF8.self)
    }
}
