/// A card number falls into one of its product's BIN ranges.
public struct BINRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "bin-not-allowed" }
    public var summary: String { "The card number starts with a BIN its product allows." }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "BIN 411111 by prefix"),
            .passes(RuleExamples.bank(RuleExamples.luhnComplete("525000000000123")), "52500000 within the numeric range"),
            .passes(RuleExamples.access(), "access numbers start with 8"),
            .fails(RuleExamples.bank(RuleExamples.luhnComplete("411112000000123")), .binNotAllowed, note: "BIN 411112"),
            .fails(RuleExamples.bank(RuleExamples.luhnComplete("530000000000123")), .binNotAllowed,
                   note: "53000000 above the range"),
            .fails(RuleExamples.access(RuleExamples.luhnComplete("90100000012")), .binNotAllowed,
                   note: "an access number starting with 9"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard facts.cardNumber.isWellFormed, let product = facts.product,
            !product.rule.allowsBIN(of: record.cardNumber)
        else { return }
        return findings.append(finding(.binNotAllowed, record, field: .cardNumber,
                                       "the card number's BIN is not one product \(product.rule.code) allows"))
    }
}
