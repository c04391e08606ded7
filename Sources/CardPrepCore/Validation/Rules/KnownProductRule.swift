/// A record's product is one the customer's contract knows.
public struct KnownProductRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "unknown-product" }
    public var summary: String { "The record's product code is one of the contract's products." }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "DEBIT is in the contract"),
            .passes(RuleExamples.access(), "ACCESS is in the contract"),
            .fails(RuleExamples.bank(product: "CREDIT"), .unknownProduct, note: "CREDIT is not"),
            .fails(RuleExamples.bank(product: ""), .unknownProduct, note: "no product at all"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard facts.product == nil else { return }
        let shown = record.productCode.isEmpty ? "no product code" : "product \(record.productCode)"
        return findings.append(finding(.unknownProduct, record, field: .productCode, "\(shown) is not in the customer's contract"))
    }
}
