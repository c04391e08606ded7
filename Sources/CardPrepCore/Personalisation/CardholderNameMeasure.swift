/// A cardholder name measured once for the limits of every machine its card goes to (see ``PersonalisationLimits``).
///
/// The measures are bounds that settle the common case without splitting or fitting the name: the name as
/// ``EmbossName/fit(_:form:maximumLength:policy:)`` writes it in full is never longer than its transliteration
/// (which collapses white space the same way); abbreviating cannot fail when every word starts with a letter or
/// digit, since the family name cut to fit keeps its first; and no line made of the name, cleaned or normalised,
/// has more characters than the name has Unicode scalars. A name near a limit is split with
/// ``CardholderName/init(fullName:)`` and given to the very functions personalisation uses.
///
/// Holds personal data: never log it.
public struct CardholderNameMeasure: Sendable {
    /// The name as the record gives it.
    public let text: String
    /// The shape of ``EmbossName/transliterate(_:)`` of the name, nil when it has no transliteration.
    let transliteration: TransliterationShape?
    /// Whether the name has a CJK unified ideograph or a Hangul syllable, which no transliteration takes and which
    /// stands in a word of the name whatever surrounds it.
    let hasIdeograph: Bool
    /// The Unicode scalars of the name.
    let scalars: Int
    private var parts: CardholderName?

    /// Measures `text`: for a Latin-script name in one pass over its bytes, looking each character up in the
    /// transliteration table; other names with the full rules.
    public init(_ text: String) { self.init(text, table: .shared) }

    /// Measures the name of `record`: its parts where the file sends them, otherwise its one name field.
    public init(record: CardDataRecord) { self.init(record: record, table: .shared) }

    /// Measures the name of `record` with `table`, which a caller measuring many names holds.
    init(record: CardDataRecord, table: EmbossName.LatinTable) {
        self.init(record.cardholderName, table: table)
        parts = record.nameParts
    }

    /// Whether the name has a title, which the carrier's name line writes before it.
    var hasTitle: Bool { !(parts?.title.isEmpty ?? true) }

    /// Measures `text` with `table`, which a caller measuring many names holds.
    init(_ text: String, table: EmbossName.LatinTable) {
        self.text = text
        if let latin = EmbossName.latinTransliterationShape(text, table: table) {
            (transliteration, scalars, hasIdeograph) = (latin.shape, latin.scalars, false)
            return
        }
        scalars = text.utf8.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        hasIdeograph = text.unicodeScalars.contains { Self.isIdeograph($0.value) }
        transliteration = hasIdeograph ? nil : EmbossName.transliteratedBytes(text).map(TransliterationShape.init(of:))
    }

    /// The name split into given and family names, as personalisation splits it; worked out once, when a check
    /// cannot be settled by the measures.
    mutating func name() -> CardholderName {
        if let parts { return parts }
        let split = CardholderName(fullName: text)
        parts = split
        return split
    }

    /// Whether fitting the name to `maximumLength` in `form` under `policy` cannot fail: it fits in full, or
    /// abbreviating keeps something of the family name; false when only the full rules can tell.
    func fits(_ maximumLength: Int, form: NameForm, policy: NameFitPolicy) -> Bool {
        guard let shape = transliteration, shape.hasWord else { return false }
        // `SMITH/JOHN` has as many characters as `JOHN SMITH`; `SMITH/` one more than `SMITH`.
        if shape.length + (form == .surnameFirst ? 1 : 0) <= maximumLength { return true }
        // An initial, its separator and a family name cut to at least one character need three.
        return policy == .abbreviate && shape.wordsStartAlphanumeric && maximumLength >= 3
    }

    /// Whether the name has something to print and at most `maximumLength` scalars, so that it fits any line of
    /// that length as written; false when only the full rules can tell.
    func fitsAsWritten(_ maximumLength: Int) -> Bool {
        ((transliteration?.hasWord ?? false) || hasIdeograph) && scalars <= maximumLength
    }

    /// CJK Unified Ideographs and Extension A, and Hangul syllables: letters that decompose to no Latin letter.
    private static func isIdeograph(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0xAC00...0xD7A3).contains(value)
    }
}
