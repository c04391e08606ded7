/// A name sent in parts (card data format version 2, or version 1 read surname first) has a surname, since track 1
/// and tag 5F20 are written `SURNAME/GIVEN` (a single name goes in the surname field), and a title, when sent, of at
/// most ten letters, spaces and full stops (`Dr`, `Mrs.`, `Prof. Dr`). The characters of the surname and given names
/// are ``CardholderNameRule``'s business.
public struct NamePartsRule: RecordRule {
    /// The longest title, in characters.
    public static let titleMaximumLength = 10

    /// Creates the rule.
    public init() {}

    public var id: String { "name-parts" }
    public var summary: String {
        "A name sent in parts has a surname, and a title of at most ten letters, spaces and full stops."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.withNameParts(RuleExamples.bank(), surname: "van der Berg", given: "Mary-Jane"),
                    "surname and given names"),
            .passes(RuleExamples.withNameParts(RuleExamples.bank(), surname: "Sukarno", given: ""), "a single name, as surname"),
            .passes(RuleExamples.withNameParts(RuleExamples.bank(), surname: "Smith", given: "Anne", title: "Prof. Dr"),
                    "a title of letters, a space and a full stop"),
            .passes(RuleExamples.bank(name: "JANE DOE"), "a name in one field (format version 1)"),
            .fails(RuleExamples.withNameParts(RuleExamples.bank(), surname: "", given: "Mary-Jane"), .nameParts,
                   note: "given names without a surname"),
            .fails(RuleExamples.withNameParts(RuleExamples.bank(), surname: "Smith", given: "Anne", title: "Dr/Prof"),
                   .nameParts, note: "a slash in the title"),
            .fails(RuleExamples.withNameParts(RuleExamples.bank(), surname: "Smith", given: "Anne", title: "Right Honourable"),
                   .nameParts, note: "a title of 16 characters"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard let parts = record.nameParts else { return }
        if parts.family.isEmpty {
            return findings.append(finding(.nameParts, record, field: .surname,
                                           "the name has given names but no surname; a single name goes in the surname field"))
        }
        let title = parts.title
        guard !title.isEmpty else { return }
        if title.count > Self.titleMaximumLength || !title.allSatisfy({ $0.isLetter || $0 == " " || $0 == "." }) {
            return findings.append(finding(.nameParts, record, field: .title,
                                           "the title must be at most \(Self.titleMaximumLength) letters, spaces and full stops (it has \(title.count) characters)"))
        }
    }
}
