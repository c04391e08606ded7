/// The card number, the expiry and the product's further lines fit the card face of every machine the record's
/// product goes to: a number line no longer than the machine's, a real `YYMM` month (an access card's too, when
/// the record gives one), a label and further lines in the embossing set, no more lines than the face has.
public struct CardFaceRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "card-face" }
    public var summary: String {
        "The card number, expiry and further lines fit the card face of every machine the product goes to."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "16 digits fill the embosser's 19-character number line"),
            .passes(RuleExamples.access(), "an access card's expiry line comes from its valid-until day"),
            .fails(
                RuleExamples.bank(RuleExamples.luhnComplete("4111110000000000")), .embossLayout,
                note: "17 digits make a 21-character number line, past the embosser's 19"),
            .fails(RuleExamples.access(expiry: "2613"), .expiryInvalid, note: "an access card with an expiry that is no month"),
            .fails(RuleExamples.bank("4111-1100-0000-1234"), .panSeparators, note: "a card number with hyphens cannot be embossed"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        let groups = facts.machineGroups
        guard !groups.isEmpty else { return }
        var problems = ProductionProblems()
        for group in groups {
            problems.add(group.limits.cardFaceProblem(record) ?? group.limits.furtherLinesProblem(record), on: group.machines)
        }
        findings += problems.findings(of: self, for: record, other: .embossLayout)
    }
}
