/// A card number ends in its Luhn check digit (ISO/IEC 7812-1).
public struct PANLuhnRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "pan-luhn" }
    public var summary: String { "The card number's last digit is its Luhn check digit." }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank("4111111111111111"), "the classic test number"),
            .passes(RuleExamples.access(), "an access card number with its check digit"),
            .passes(RuleExamples.bank("41111X"), "malformed numbers are the length rule's business"),
            .fails(RuleExamples.bank("4111111111111112"), .panLuhn, note: "check digit off by one"),
            .fails(RuleExamples.bank("4111111111111121"), .panLuhn, note: "two digits swapped"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard facts.cardNumber.isWellFormed, !facts.cardNumber.passesLuhn else { return }
        return findings.append(finding(.panLuhn, record, field: .cardNumber, "the card number fails the Luhn check"))
    }
}
