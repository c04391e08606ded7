/// A cardholder name is present, made of letters (of any script), spaces, hyphens, apostrophes and
/// full stops, and no longer than the contract allows; a longer name is rejected or, when the contract
/// lets personalisation abbreviate it, kept with a warning.
public struct CardholderNameRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "cardholder-name" }
    public var summary: String {
        "The cardholder name is letters, spaces, hyphens, apostrophes and full stops, within the contract's length."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(name: "JANE DOE"), "a plain name"),
            .passes(RuleExamples.bank(name: "Seán O'Brien-Smith"), "accents, apostrophe and hyphen"),
            .passes(RuleExamples.bank(name: "张伟"), "Chinese characters, transliterated later"),
            .passes(RuleExamples.bank(name: "MARIA DE LOS ANGELES PEREZ"), "26 characters"),
            .fails(RuleExamples.bank(name: "MARIA DE LOS ANGELES GARCIA"), .nameTooLong, note: "27 characters"),
            .fails(RuleExamples.bank(name: ""), .nameInvalid, note: "empty"),
            .fails(RuleExamples.bank(name: "   "), .nameInvalid, note: "only spaces"),
            .fails(RuleExamples.bank(name: "\u{3000}\u{301}"), .nameInvalid, note: "only an ideographic space and a combining accent"),
            .fails(RuleExamples.bank(name: "JANE DOE 2"), .nameInvalid, note: "a digit"),
            .fails(RuleExamples.bank(name: "JANE\tDOE"), .nameInvalid, note: "a control character"),
            .fails(RuleExamples.bank(name: "JANE^DOE"), .nameInvalid, note: "the track 1 field separator"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        let name = record.cardholderName
        if Self.isPlainASCIIName(name, maxLength: context.contract.names.maxLength) { return }
        guard name.unicodeScalars.contains(where: Self.isBase) else {
            return findings.append(finding(.nameInvalid, record, field: .cardholderName, "the cardholder name is empty"))
        }
        guard name.unicodeScalars.allSatisfy(Self.isAllowed) else {
            return findings.append(finding(.nameInvalid, record, field: .cardholderName,
                                           "the cardholder name holds characters other than letters, spaces, hyphens, apostrophes and full stops"))
        }
        let rules = context.contract.names
        // A name has no more characters than scalars: only a longer one needs its characters counted.
        if name.unicodeScalars.count > rules.maxLength, name.count > rules.maxLength {
            let abbreviate = rules.longNamePolicy == .abbreviate
            return findings.append(finding(.nameTooLong, record, field: .cardholderName,
                                           "the cardholder name has \(name.count) characters, more than \(rules.maxLength)"
                                               + (abbreviate ? "; personalisation abbreviates it" : ""),
                                           severity: abbreviate ? .warning : .rejectRecord))
        }
        return
    }

    /// The common case, decided on bytes: ASCII letters, spaces, hyphens, apostrophes and full stops, at least one
    /// letter, within the length.
    private static func isPlainASCIIName(_ name: String, maxLength: Int) -> Bool {
        var letters = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): letters += 1
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "'"), UInt8(ascii: "."): continue
            default: return false
            }
        }
        return letters > 0 && name.utf8.count <= maxLength
    }

    /// Whether the scalar shows something by itself: neither white space nor a combining mark.
    private static func isBase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar != " " && scalar != "\t" && scalar != "\n" && scalar != "\r" }
        let properties = scalar.properties
        return !properties.isWhitespace && properties.generalCategory != .nonspacingMark
            && properties.generalCategory != .spacingMark && properties.generalCategory != .enclosingMark
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = UInt8(scalar.value)
            return (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(value) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(value)
                || scalar == " " || scalar == "-" || scalar == "'" || scalar == "."
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        if properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark { return true }
        return scalar == " " || scalar == "-" || scalar == "'" || scalar == "." || scalar == "\u{2019}"
    }
}
