/// A card whose product takes card values from the card file (issuer-supplied CVV1, CVV2, iCVV, PVKI or PVV) has
/// each of them, in digits of its length, for every machine of the product that writes it.
public struct CardValuesRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "card-values" }
    public var summary: String {
        "Every card value the product takes from the issuer (CVV1, CVV2, iCVV, PVKI, PVV) is in the card file, in digits of its length."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.chipCard(), "PVKI 1 and PVV 4821 from the issuer; the CVVs are computed"),
            .passes(RuleExamples.bank(), "a product without card values needs none"),
            .fails(RuleExamples.chipCard(pvv: ""), .cardValue, note: "no PVV where track 2 takes one"),
            .fails(RuleExamples.chipCard(pvv: "48A1"), .cardValue, note: "a letter in the PVV"),
            .fails(RuleExamples.chipCard(pvki: "12"), .cardValue, note: "a PVKI of two digits"),
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
            guard let settings = group.limits.settings.cardValues, !settings.issuerFields.isEmpty else { continue }
            do throws(CardValueError) { _ = try settings.issuerValues(of: record) } catch {
                problems.add(.cardValue(error), on: group.machines)
            }
        }
        findings += problems.findings(of: self, for: record, other: .cardValue)
    }
}
