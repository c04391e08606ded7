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
        let words = fullName.split(whereSeparator: \.isWhitespace)
        family = words.last.map(String.init) ?? ""
        given = words.dropLast().joined(separator: " ")
    }

    /// The name as one line in the issuer's characters: given names, then the family name, white space
    /// collapsed. What a laser engraver or a carrier prints when the name is not transliterated.
    public var fullName: String {
        (given.split(whereSeparator: \.isWhitespace) + family.split(whereSeparator: \.isWhitespace)).joined(separator: " ")
    }
}
