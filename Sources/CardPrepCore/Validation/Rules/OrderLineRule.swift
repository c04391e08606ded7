/// A record belongs to a line of the order, with that line's product and branch (and holder type
/// for access cards). Without an order, the rule has nothing to check.
public struct OrderLineRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "order-line" }
    public var summary: String { "The record's order line exists and matches its product, branch and holder type." }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "line 1: DEBIT for HQ"),
            .passes(RuleExamples.access(holderType: "tenant", until: "2026-06-15", orderLine: 3, branch: "BR01"),
                    "line 3: tenants' ACCESS cards for BR01"),
            .fails(RuleExamples.bank(orderLine: 9), .unknownOrderLine, note: "the order has no line 9"),
            .fails(RuleExamples.bank(branch: "BR01"), .orderLineMismatch, note: "line 1 is for HQ"),
            .fails(RuleExamples.access(orderLine: 1), .orderLineMismatch, note: "line 1 is for DEBIT cards"),
            .fails(RuleExamples.access(holderType: "tenant", until: "2026-06-15"), .orderLineMismatch,
                   note: "line 2 is for owners"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard let lines = context.orderLines else { return }
        guard let line = lines[record.orderLine] else {
            return findings.append(finding(.unknownOrderLine, record, field: .orderLine, "the order has no line \(record.orderLine)"))
        }
        if line.productCode != record.productCode {
            return findings.append(finding(.orderLineMismatch, record, field: .productCode,
                                           "order line \(line.number) is for product \(line.productCode)"))
        }
        if line.branchCode != record.branchCode {
            return findings.append(finding(.orderLineMismatch, record, field: .branchCode,
                                           "order line \(line.number) is for branch \(line.branchCode)"))
        }
        if let holder = line.holderType, holder.rawValue != record.holderType {
            return findings.append(finding(.orderLineMismatch, record, field: .holderType,
                                           "order line \(line.number) is for \(holder.rawValue) cards"))
        }
    }
}
