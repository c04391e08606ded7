/// A cardholder's name in its two parts, as written by the issuer (any script, any case).
///
/// Holds personal data: never log it.
public struct CardholderName: Sendable, Equatable {
    /// The given names, first name first, separated by spaces (a hyphenated name such as `Jean-Luc` is one name).
    public var given: String
    /// The family name, which may hold spaces (`van der Berg`) or hyphens (`Villanueva-Rodriguez`).
    public var family: String

    /// Creates a name from its parts.
    public init(given: String, family: String) {
        self.given = given
        self.family = family
    }

    /// Splits a one-field name such as ``CardDataRecord/cardholderName``: the last word (after the last run of
    /// white space) is the family name, the words before it the given names. A name without white space, such
    /// as `王小明`, is all family name. This is a heuristic: family names of several words (`van der Berg`,
    /// `García López`) come out with all but their last word among the given names, so issuers that send the
    /// parts separately should use ``init(given:family:)``.
    public init(fullName: String) {
        if let words = Self.latinWords(fullName) {
            family = words.last.map { String(Substring($0)) } ?? ""
            given = words.dropLast().map { String(Substring($0)) }.joined(separator: " ")
            return
        }
        let words = fullName.split(whereSeparator: \.isWhitespace)
        family = words.last.map(String.init) ?? ""
        given = words.dropLast().joined(separator: " ")
    }

    /// The words of `text` when all its scalars are below U+0300 (Latin script without combining marks: every
    /// character is one scalar, or CR LF, which is white space either way), split without the cost of
    /// breaking it into characters; nil for other text.
    static func latinWords(_ text: String) -> [Substring.UnicodeScalarView]? {
        let scalars = text.unicodeScalars
        guard scalars.allSatisfy({ $0.value < 0x300 }) else { return nil }
        return scalars[...].split(whereSeparator: isLatinWhiteSpace)
    }

    /// Whether a scalar below U+0300 is white space (Unicode's White_Space property, as `Character.isWhitespace`).
    static func isLatinWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: true
        default: false
        }
    }

    /// The name as one line in the issuer's characters: given names, then the family name, white space
    /// collapsed. What a laser engraver or a carrier prints when the name is not transliterated.
    public var fullName: String {
        (given.split(whereSeparator: \.isWhitespace) + family.split(whereSeparator: \.isWhitespace)).joined(separator: " ")
    }
}
