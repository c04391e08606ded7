/// A bank card's expiry (`YYMM`) is a real month, at least its product's minimum remaining validity ahead (by
/// default one month: a card that expires this month is refused), and no further ahead than its maximum validity.
public struct ExpiryRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "expiry" }
    public var summary: String {
        "A bank card's expiry is a valid YYMM month, at least the product's minimum remaining validity ahead (a card expiring this month is refused by default), within its maximum validity."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(expiry: "2806"), "three years ahead"),
            .passes(RuleExamples.bank(expiry: "2507"), "expires at the end of next month"),
            .fails(RuleExamples.bank(expiry: "2506"), .validityTooShort, note: "expires this month"),
            .fails(RuleExamples.bank(expiry: "2508", product: "DEBIT-6M"), .validityTooShort,
                   note: "two months left where the product asks for six"),
            .passes(RuleExamples.bank(expiry: "2512", product: "DEBIT-6M"), "six months left where the product asks for six"),
            .passes(RuleExamples.bank(expiry: "3006"), "exactly 60 months ahead"),
            .passes(RuleExamples.access(), "access cards have no expiry month"),
            .fails(RuleExamples.bank(expiry: "2505"), .expired, note: "expired last month"),
            .fails(RuleExamples.bank(expiry: "3007"), .validityTooLong, note: "61 months ahead"),
            .fails(RuleExamples.bank(expiry: "2813"), .expiryInvalid, note: "month 13"),
            .fails(RuleExamples.bank(expiry: "06/28"), .expiryInvalid, note: "MM/YY instead of YYMM"),
            .fails(RuleExamples.bank(expiry: ""), .expiryInvalid, note: "no expiry on a bank card"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard let product = facts.product, product.rule.programme == .bank else { return }
        guard let expiry = ExpiryMonth(record.expiry) else {
            return findings.append(finding(.expiryInvalid, record, field: .expiry, "the expiry is not a YYMM month"))
        }
        let ahead = expiry.monthIndex - context.today.monthIndex
        if ahead < 0 {
            return findings.append(finding(.expired, record, field: .expiry, "the card expired before \(context.today)"))
        }
        if ahead < product.rule.minRemainingValidityMonths {
            let left = ahead == 0 ? "the card expires this month" : "the card has \(ahead) month(s) of validity left"
            return findings.append(finding(.validityTooShort, record, field: .expiry,
                                           "\(left); product \(product.rule.code) needs at least \(product.rule.minRemainingValidityMonths)"))
        }
        if ahead > product.rule.maxValidityMonths {
            return findings.append(finding(.validityTooLong, record, field: .expiry,
                                           "the card expires \(ahead) months ahead; product \(product.rule.code) allows \(product.rule.maxValidityMonths)"))
        }
    }
}
