/// A card whose product goes to a machine that encodes the magnetic stripe has what ISO/IEC 7813 tracks 1 and 2
/// need: an expiry and a service code, well formed, and tracks no longer than 79 and 40 characters with the
/// machine's discretionary data.
public struct MagneticStripeRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "magnetic-stripe" }
    public var summary: String {
        "Tracks 1 and 2 can be encoded within their lengths for every machine of the product that encodes the stripe."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "16 digits make a track 2 of 39 characters"),
            .passes(
                RuleExamples.bank(RuleExamples.luhnComplete("4111110000000000")),
                "17 digits and twelve of discretionary data fill track 2's 40 characters"),
            .passes(RuleExamples.access(), "access cards have no stripe"),
            .fails(
                RuleExamples.bank(RuleExamples.luhnComplete("41111100000000000")), .trackData,
                note: "18 digits make track 2 41 characters long"),
            .fails(RuleExamples.bank(expiry: ""), .expiryInvalid, note: "no expiry for the tracks"),
            .fails(RuleExamples.bank(serviceCode: ""), .serviceCode, note: "no service code for the tracks"),
            .fails(RuleExamples.bank(serviceCode: "2O1"), .serviceCode, note: "a letter O in the service code"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        let groups = facts.machineGroups
        guard !groups.isEmpty else { return }
        var problems = ProductionProblems()
        for group in groups where group.limits.encodesStripe {
            problems.add(group.limits.encodedFieldsProblem(record) ?? group.limits.stripeProblem(record), on: group.machines)
        }
        findings += problems.findings(of: self, for: record, other: .trackData)
    }
}
