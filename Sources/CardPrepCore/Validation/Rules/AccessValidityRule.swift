/// An access card's validity period is a real period that has not ended, for a known holder type,
/// and no longer than the order line allows or, without the order's word, the holder type allows
/// (owners 24 months, tenants and merchants 12 by default).
public struct AccessValidityRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "access-validity" }
    public var summary: String {
        "An access card's validity is a real period, not over, and within what its holder type or order line allows."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.access(), "an owner's card for 24 months"),
            .passes(RuleExamples.access(holderType: "tenant", until: "2026-06-15", orderLine: 3, branch: "BR01"),
                    "a tenant's card for 12 months"),
            .passes(RuleExamples.access(holderType: "merchant", until: "2026-12-15", orderLine: 4, branch: "BR01"),
                    "18 months for a merchant because the order line says so"),
            .passes(RuleExamples.bank(), "bank cards have expiry months instead"),
            .fails(RuleExamples.access(holderType: "tenant", until: "2027-06-15", orderLine: 3, branch: "BR01"),
                   .validityTooLong, note: "a tenant's card for 24 months"),
            .fails(RuleExamples.access(until: "2027-06-16"), .validityTooLong, note: "an owner's card a day past 24 months"),
            .fails(RuleExamples.access(from: "2023-01-01", until: "2025-01-01"), .expired, note: "the period is over"),
            .fails(RuleExamples.access(until: "2027-02-30"), .expiryInvalid, note: "30 February"),
            .fails(RuleExamples.access(from: "2026-01-01", until: "2025-12-31"), .expiryInvalid, note: "ends before it starts"),
            .fails(RuleExamples.access(holderType: "visitor"), .holderType, note: "no such holder type"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard let product = facts.product, product.rule.programme == .access else { return }
        guard let holder = HolderType(rawValue: record.holderType) else {
            return findings.append(finding(.holderType, record, field: .holderType, "the holder type must be owner, tenant or merchant"))
        }
        guard let from = CalendarDate(record.validFrom) else {
            return findings.append(finding(.expiryInvalid, record, field: .validFrom, "valid-from is not a YYYY-MM-DD date"))
        }
        guard let until = CalendarDate(record.validUntil), from <= until else {
            return findings.append(finding(.expiryInvalid, record, field: .validUntil,
                                           "valid-until is not a YYYY-MM-DD date on or after valid-from"))
        }
        if until < context.today {
            return findings.append(finding(.expired, record, field: .validUntil, "the validity ended before \(context.today)"))
        }
        let months = context.orderLines?[record.orderLine]?.validityMonths
            ?? product.rule.validityByHolderType[holder] ?? product.rule.maxValidityMonths
        if from.advanced(byMonths: months) < until {
            return findings.append(finding(.validityTooLong, record, field: .validUntil,
                                           "a \(holder.rawValue)'s card may be valid \(months) months, this one is valid longer"))
        }
    }
}
