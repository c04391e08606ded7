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
    /// `ZHANG WEI`: the family name, a space, then the given names. Emboss lines of names the customer writes
    /// surname first (``NameOrder/surnameFirst``).
    case familyFirst
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
        let written: NameForm = form == .givenFirst && name.order == .surnameFirst ? .familyFirst : form
        guard let givenText = transliteratedBytes(name.given), let familyText = transliteratedBytes(name.family) else {
            return .needsLaserEngraving(original: name.fullName.precomposedStringWithCanonicalMapping)
        }
        // Transliterated text is ASCII: its characters are its bytes.
        var given = words(givenText)
        var family = joined(words(familyText))
        if family.isEmpty, let last = given.popLast() { family = last }
        guard !family.isEmpty else { throw .emptyName }

        let full = compose(given: given, family: family, form: written)
        if full.count <= maximumLength { return .fitted(FittedName(full, abbreviated: false, truncated: false)) }
        guard policy == .abbreviate, maximumLength > 0 else {
            throw .nameTooLong(length: full.count, maximum: maximumLength)
        }

        var candidates = [[Word]]()
        if given.count > 1 { candidates.append([given[0]] + given.dropFirst().map(initial)) }
        if !given.isEmpty { candidates.append(given.map(initial)) }
        if given.count > 1 { candidates.append([initial(given[0])]) }
        for candidate in candidates {
            let text = compose(given: candidate, family: family, form: written)
            if text.count <= maximumLength { return .fitted(FittedName(text, abbreviated: true, truncated: false)) }
        }

        let shortest = given.isEmpty ? [] : [initial(given[0])]
        // The room left for the family name beside the initial and its separator (a one-letter stand-in measures them).
        let room = maximumLength - (compose(given: shortest, family: [UInt8(ascii: "X")], form: written).count - 1)
        let cutFamily = trimmingTrailingPunctuation(family.prefix(max(0, room)))
        let text: Word
        if !cutFamily.isEmpty {
            text = Word(compose(given: shortest, family: cutFamily, form: written))
        } else {
            text = trimmingTrailingPunctuation(compose(given: shortest, family: family, form: written).prefix(maximumLength))
        }
        guard !text.isEmpty else { throw .nameTooLong(length: full.count, maximum: maximumLength) }
        return .fitted(FittedName(text, abbreviated: true, truncated: true))
    }

    /// A word of a transliterated name, as ASCII bytes.
    private typealias Word = ArraySlice<UInt8>

    private static func words(_ text: [UInt8]) -> [Word] {
        text.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "/") })
    }

    private static func joined(_ words: [Word]) -> Word {
        guard words.count > 1 else { return words.first ?? [] }
        return Word(words.joined(separator: [UInt8(ascii: " ")]))
    }

    private static func compose(given: [Word], family: Word, form: NameForm) -> [UInt8] {
        var text = [UInt8]()
        text.reserveCapacity(given.reduce(family.count + 1) { $0 + $1.count + 1 })
        switch form {
        case .givenFirst:
            for word in given {
                if !text.isEmpty { text.append(UInt8(ascii: " ")) }
                text += word
            }
            if !family.isEmpty {
                if !text.isEmpty { text.append(UInt8(ascii: " ")) }
                text += family
            }
        case .familyFirst:
            text += family
            for word in given {
                if !text.isEmpty { text.append(UInt8(ascii: " ")) }
                text += word
            }
        case .surnameFirst:
            text += family
            text.append(UInt8(ascii: "/"))
            for (index, word) in given.enumerated() {
                if index > 0 { text.append(UInt8(ascii: " ")) }
                text += word
            }
        }
        return text
    }

    /// The first letter or digit of a word (the embossing set's letters and digits are ASCII).
    private static func initial(_ name: Word) -> Word {
        let letterOrDigit = name.first { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
        return [letterOrDigit ?? name.first ?? UInt8(ascii: " ")]
    }

    private static func trimmingTrailingPunctuation(_ text: Word) -> Word {
        var text = text
        while let last = text.last,
            last == UInt8(ascii: " ") || last == UInt8(ascii: "-") || last == UInt8(ascii: "'") || last == UInt8(ascii: "/")
        {
            text = text.dropLast()
        }
        return text
    }
}

extension FittedName {
    fileprivate init(_ bytes: some Collection<UInt8>, abbreviated: Bool, truncated: Bool) {
        self.init(text: String(decoding: bytes, as: UTF8.self), abbreviated: abbreviated, truncated: truncated)
    }
}
