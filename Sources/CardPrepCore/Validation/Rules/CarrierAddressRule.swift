/// The carrier of the record can be printed by every machine of its product that prints carriers (the cardholder's own
/// address when the card data sends one, otherwise its branch's): the address block, the cardholder's name line included, has
/// no more lines than the carrier layout of every machine of the product, and no address line longer than its
/// lines. Lines are never cut, since a cut address may not arrive. (The name line is ``NameFitRule``'s business.)
public struct CarrierAddressRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "carrier-address" }
    public var summary: String {
        "The address block of the record's branch fits the carrier layout of every machine the product goes to."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "HQ's address fits"),
            .passes(RuleExamples.bank(branch: "BR03"), "a street line of 40 characters fills a carrier line"),
            .passes(
                RuleExamples.bank(branch: "XX"),
                "a branch the order does not name has no carrier (the order line rule rejects it)"),
            .fails(RuleExamples.bank(branch: "BR02"), .carrierAddress, note: "a street line of 41 characters"),
            .passes(
                RuleExamples.withAddress(RuleExamples.bank(branch: "BR02"), street: ["7 Quay Lane"]),
                "the cardholder's own address, which fits, instead of the branch's"),
            .fails(
                RuleExamples.withAddress(RuleExamples.bank(), street: ["Flat 3", "Unit 14 Riverside Industrial Estate North"]),
                .carrierAddress, note: "the cardholder's own street line of 41 characters"),
            .fails(
                RuleExamples.withAddress(RuleExamples.bank(), street: ["1", "2", "3", "4", "5"]), .carrierAddress,
                note: "the name, five street lines and the city: 7 lines where the carrier has 6"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        let groups = facts.machineGroups
        guard !groups.isEmpty else { return }
        let branch = facts.branch
        guard branch != nil || record.address != nil else { return }
        var problems = ProductionProblems()
        for group in groups {
            problems.add(group.carrier(for: record, branch: branch)?.problem(nameLineLength: 0), on: group.machines)
        }
        guard !problems.isEmpty else { return }
        let whose = record.address == nil ? "the address of branch \(record.branchCode)" : "the cardholder's address"
        findings += problems.findings(of: self, for: record, other: .carrierAddress, about: whose)
    }
}
