/// A bank card's service code (ISO/IEC 7813) is three digits its product allows.
public struct ServiceCodeRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "service-code" }
    public var summary: String { "A bank card's service code is one its product allows." }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(serviceCode: "201"), "chip card, international"),
            .passes(RuleExamples.bank(serviceCode: "101"), "magnetic stripe, international"),
            .passes(RuleExamples.access(), "access cards carry no service code"),
            .fails(RuleExamples.bank(serviceCode: "221"), .serviceCode, note: "a code the product does not allow"),
            .fails(RuleExamples.bank(serviceCode: "20"), .serviceCode, note: "two digits"),
            .fails(RuleExamples.bank(serviceCode: ""), .serviceCode, note: "missing"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard let product = facts.product, product.rule.programme == .bank,
            !product.rule.serviceCodes.contains(record.serviceCode)
        else { return }
        return findings.append(finding(.serviceCode, record, field: .serviceCode,
                                       "the service code is not one of \(product.rule.serviceCodes.joined(separator: ", ")) for product \(product.rule.code)"))
    }
}
