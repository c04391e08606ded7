/// A card number is 12 to 19 digits, and as long as its product allows.
public struct PANLengthRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "pan-length" }
    public var summary: String {
        "The card number is digits only (no spaces or separators), 12 to 19 of them, and a length its product allows."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "16 digits for a 16-digit product"),
            .passes(RuleExamples.access(), "12 digits for a 12-digit product"),
            .fails(RuleExamples.bank("41111100001"), .panLength, note: "11 digits"),
            .fails(RuleExamples.bank("41111100000000000000"), .panLength, note: "20 digits"),
            .fails(RuleExamples.bank("4111110000001X34"), .panLength, note: "a letter among the digits"),
            .fails(RuleExamples.bank("4111 1100 0000 1234"), .panSeparators, note: "spaces between the groups, named as such"),
            .fails(RuleExamples.bank("4111-1100-0000-1234"), .panSeparators, note: "hyphens between the groups"),
            .fails(RuleExamples.bank(RuleExamples.luhnComplete("411111000000000000")), .panLength,
                   note: "19 digits where the product allows 16"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        if !facts.cardNumber.isWellFormed, CardNumberFormat(of: record.cardNumber) == .separators {
            let digits = CardNumberFormat.digits(of: record.cardNumber)
            return findings.append(finding(.panSeparators, record, field: .cardNumber,
                                           "the card number \(CardNumber.masked(digits)) has spaces or separators between its digits; send its \(digits.count) digits only"))
        }
        guard facts.cardNumber.isWellFormed else {
            return findings.append(finding(.panLength, record, field: .cardNumber,
                                           "the card number must be 12 to 19 digits (it has \(record.cardNumber.count) characters)"))
        }
        if let product = facts.product,
            !product.rule.panLengths.contains(record.cardNumber.count)
        {
            return findings.append(finding(.panLength, record, field: .cardNumber,
                                           "product \(product.rule.code) takes \(product.rule.panLengths) digits, not \(record.cardNumber.count)"))
        }
    }
}
