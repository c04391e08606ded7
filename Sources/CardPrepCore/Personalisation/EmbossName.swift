import Foundation

/// What to do with a name longer than the room for it, as the product profile says.
public enum NameFitPolicy: String, Sendable, Equatable, Codable, CaseIterable {
    /// Shorten it as ``EmbossName/fit(_:form:maximumLength:policy:)`` describes.
    case abbreviate
    /// Refuse the card (``PersonalisationError/nameTooLong(length:maximum:)``).
    case reject
}

/// The order a name is written in.
public enum NameForm: Sendable, Equatable {
    /// `JOHN P SMITH`: given names, then the family name, separated by spaces. Emboss lines.
    case givenFirst
    /// `SMITH/JOHN P`: the family name, `/`, then the given names (the ISO/IEC 7813 track 1 name field and EMV
    /// tag 5F20). A name with no given name is written `SMITH/`.
    case surnameFirst
}

/// A name in the ISO 7811 embossing set, fitted to its room.
public struct FittedName: Sendable, Equatable {
    /// The name: `A`–`Z`, `0`–`9`, space and `. - / '` only.
    public let text: String
    /// Whether the name was shortened at all (initials, dropped names or truncation).
    public let abbreviated: Bool
    /// Whether the family name (or, for tiny limits, the whole name) had to be cut.
    public let truncated: Bool

    /// Creates a fitted name.
    public init(text: String, abbreviated: Bool, truncated: Bool) {
        self.text = text
        self.abbreviated = abbreviated
        self.truncated = truncated
    }
}

/// What becomes of a cardholder name on the card.
public enum EmbossNameOutcome: Sendable, Equatable {
    /// The name transliterated to the embossing set and fitted to its room.
    case fitted(FittedName)
    /// The name has characters with no transliteration (Chinese, Japanese, Korean, Cyrillic, Greek, Arabic, …).
    /// `original` is ``CardholderName/fullName`` in Unicode normalisation form C, for a laser engraver that
    /// can write the script; otherwise the issuer must supply a Latin-script name.
    case needsLaserEngraving(original: String)
}

/// Transliteration of cardholder names to the ISO 7811 embossing character set and fitting them to a length.
public enum EmbossName {
    /// The longest name ISO/IEC 7813 allows in the track 1 name field (and EMV in tag 5F20).
    public static let track1MaximumLength = 26
    /// The characters of one ISO/IEC 7811 emboss line in the name and address area.
    public static let embossLineMaximumLength = 27

    /// Whether `character` is in the embossing set: `A`–`Z`, `0`–`9`, space and `. - / '`.
    public static func isEmbossable(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return isEmbossable(ascii)
    }

    static func isEmbossable(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x30...0x39, 0x20, 0x2E, 0x2D, 0x2F, 0x27: true
        default: false
        }
    }

    /// `text` in the embossing set, or nil when it has a letter or digit with no transliteration.
    ///
    /// 1. Letters without a decomposition are replaced: `ß`→`SS`, `Æ`→`AE`, `Ø`→`O`, `Œ`→`OE`, `Ł`→`L`,
    ///    `Đ`/`Ð`→`D`, `Þ`→`TH`, `ı`→`I`, `Ħ`→`H`, `Ŧ`→`T`, `Ŋ`→`N` (either case); apostrophe-like marks
    ///    (`’`, `‘`, `ʼ`, `ʻ`, `´`, the grave accent) become `'`, dashes become `-`, and middle dots (Catalan
    ///    `l·l`) are dropped.
    /// 2. The text is decomposed (Unicode NFKD: canonical decomposition, so `É` is `E` and an acute accent,
    ///    plus compatibility mappings, so full-width `Ｊ` from East Asian input methods is `J` and `ĳ` is `ij`)
    ///    and the combining marks and invisible format characters are dropped. Step 1 is applied again to
    ///    what the decomposition produced.
    /// 3. ASCII letters are uppercased; digits of any script become ASCII digits; `. - / '` stay; any other
    ///    punctuation, symbol, space or control character becomes a space. Any other letter, or a private-use
    ///    character, means nil.
    /// 4. Runs of spaces become one space; leading and trailing spaces go. The result may be empty.
    public static func transliterate(_ text: String) -> String? {
        let decomposed = String(replacingSpecialCases(text.unicodeScalars)).decomposedStringWithCompatibilityMapping
        var output = [UInt8]()
        var pendingSpace = false
        for scalar in replacingSpecialCases(decomposed.unicodeScalars) {
            let byte: UInt8?
            switch scalar.value {
            case 0x61...0x7A: byte = UInt8(scalar.value) - 0x20
            case 0x41...0x5A, 0x30...0x39, 0x2E, 0x2D, 0x2F, 0x27: byte = UInt8(scalar.value)
            case 0x00...0x7F: byte = nil  // other ASCII: space, punctuation, symbols, controls
            default:
                let properties = scalar.properties
                switch properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark, .format: continue
                case .decimalNumber:
                    guard let value = properties.numericValue, (0...9).contains(value) else { return nil }
                    byte = 0x30 + UInt8(value)
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .letterNumber, .otherNumber, .privateUse:
                    return nil  // private use too: some regions write name characters there
                default: byte = nil  // punctuation, symbols, separators, controls, unassigned
                }
            }
            guard let byte else {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace { output.append(0x20) }
            pendingSpace = false
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The name transliterated and fitted to `maximumLength` characters in `form`.
    ///
    /// With ``NameFitPolicy/reject`` a name longer than `maximumLength` throws
    /// ``PersonalisationError/nameTooLong(length:maximum:)``. With ``NameFitPolicy/abbreviate`` the first of these
    /// that fits is taken (common bureau practice: keep the family name whole as long as possible):
    /// 1. the full name: `JOHN PAUL GEORGE SMITH`;
    /// 2. the first given name and the initials of the others: `JOHN P G SMITH`;
    /// 3. the initials of all given names: `J P G SMITH`;
    /// 4. the initial of the first given name only: `J SMITH`;
    /// 5. that initial and the family name cut to fit, without a trailing space, hyphen or apostrophe:
    ///    `J SMITHERS-WORTHINGTON-BLAC`; if even the initial leaves no room, the name of step 4 cut to fit.
    ///
    /// An initial is the first letter or digit of a name (`MARIA-FERNANDA` → `M`); initials carry no full stop.
    /// A `/` inside either part of the name is taken as a space, since track 1 uses it to separate the parts.
    /// When the family name is empty, the last given name is taken as the family name.
    ///
    /// - Returns: ``EmbossNameOutcome/needsLaserEngraving(original:)`` when the name has characters with no
    ///   transliteration (whatever its length: laser-engraved names are never abbreviated here).
    /// - Throws: ``PersonalisationError/emptyName`` when nothing is left of the name, and
    ///   ``PersonalisationError/nameTooLong(length:maximum:)`` as above or when `maximumLength` leaves no room.
    public static func fit(
        _ name: CardholderName, form: NameForm, maximumLength: Int, policy: NameFitPolicy
    ) throws(PersonalisationError) -> EmbossNameOutcome {
        guard let givenText = transliterate(name.given), let familyText = transliterate(name.family) else {
            return .needsLaserEngraving(original: name.fullName.precomposedStringWithCanonicalMapping)
        }
        var given = words(givenText)
        var family = words(familyText).joined(separator: " ")
        if family.isEmpty, let last = given.popLast() { family = last }
        guard !family.isEmpty else { throw .emptyName }

        let full = compose(given: given, family: family, form: form)
        if full.count <= maximumLength { return .fitted(FittedName(text: full, abbreviated: false, truncated: false)) }
        guard policy == .abbreviate, maximumLength > 0 else {
            throw .nameTooLong(length: full.count, maximum: maximumLength)
        }

        var candidates = [[String]]()
        if given.count > 1 { candidates.append([given[0]] + given.dropFirst().map(initial)) }
        if !given.isEmpty { candidates.append(given.map(initial)) }
        if given.count > 1 { candidates.append([initial(given[0])]) }
        for candidate in candidates {
            let text = compose(given: candidate, family: family, form: form)
            if text.count <= maximumLength { return .fitted(FittedName(text: text, abbreviated: true, truncated: false)) }
        }

        let shortest = given.isEmpty ? [] : [initial(given[0])]
        // The room left for the family name beside the initial and its separator (a one-letter stand-in measures them).
        let room = maximumLength - (compose(given: shortest, family: "X", form: form).count - 1)
        let cutFamily = trimmingTrailingPunctuation(String(family.prefix(max(0, room))))
        let text: String
        if !cutFamily.isEmpty {
            text = compose(given: shortest, family: cutFamily, form: form)
        } else {
            text = trimmingTrailingPunctuation(String(compose(given: shortest, family: family, form: form).prefix(maximumLength)))
        }
        guard !text.isEmpty else { throw .nameTooLong(length: full.count, maximum: maximumLength) }
        return .fitted(FittedName(text: text, abbreviated: true, truncated: true))
    }

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "/" }).map(String.init)
    }

    private static func compose(given: [String], family: String, form: NameForm) -> String {
        switch form {
        case .givenFirst: (given + (family.isEmpty ? [] : [family])).joined(separator: " ")
        case .surnameFirst: family + "/" + given.joined(separator: " ")
        }
    }

    private static func initial(_ name: String) -> String {
        String(name.first(where: { $0.isLetter || $0.isNumber }) ?? name.first ?? " ")
    }

    private static func trimmingTrailingPunctuation(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last == " " || last == "-" || last == "'" || last == "/" { text = text.dropLast() }
        return String(text)
    }

    private static func replacingSpecialCases(_ scalars: String.UnicodeScalarView) -> String.UnicodeScalarView {
        var output = String.UnicodeScalarView()
        for scalar in scalars {
            if let replacement = specialCases[scalar.value] {
                output.append(contentsOf: replacement.unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return output
    }

    /// Replacements applied before and after decomposition (see ``transliterate(_:)``).
    private static let specialCases: [UInt32: String] = [
        0x00DF: "SS", 0x1E9E: "SS",  // ß ẞ
        0x00C6: "AE", 0x00E6: "AE",  // Æ æ
        0x00D8: "O", 0x00F8: "O",  // Ø ø
        0x0152: "OE", 0x0153: "OE",  // Œ œ
        0x0141: "L", 0x0142: "L",  // Ł ł
        0x0110: "D", 0x0111: "D",  // Đ đ
        0x00D0: "D", 0x00F0: "D",  // Ð ð
        0x00DE: "TH", 0x00FE: "TH",  // Þ þ
        0x0131: "I",  // ı
        0x0126: "H", 0x0127: "H",  // Ħ ħ
        0x0166: "T", 0x0167: "T",  // Ŧ ŧ
        0x014A: "N", 0x014B: "N",  // Ŋ ŋ
        // Apostrophes: ‘ ’ ‛ ′ ʹ ʻ ʼ ` ´ ＇
        0x2018: "'", 0x2019: "'", 0x201B: "'", 0x2032: "'", 0x02B9: "'", 0x02BB: "'", 0x02BC: "'", 0x0060: "'",
        0x00B4: "'", 0xFF07: "'",
        // Dashes: ‐ ‑ ‒ – — ― − ﹣ －
        0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2015: "-", 0x2212: "-", 0xFE63: "-",
        0xFF0D: "-",
        // Middle dots (Catalan ela geminada), dropped: · ‧ ·
        0x00B7: "", 0x2027: "", 0x0387: "",
    ]
}
