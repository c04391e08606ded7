/// The cardholder name can be written everywhere every machine of the record's product writes it: on the card
/// face (transliterated to the ISO 7811 embossing set and fitted, or laser-engraved as written where the machine
/// can, within a line), in the track 1 name field and tag 5F20 (transliterated, at most 26 characters once
/// abbreviated), and whole on the carrier's first line.
public struct NameFitRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "name-fit" }
    public var summary: String {
        "The cardholder name can be embossed or engraved, encoded and printed on the carrier by every machine the product goes to."
    }

    public var examples: [RuleExample] {
        [
            .passes(
                RuleExamples.bank(name: "SIOBHÁN ÅSTRÖM"), "accents transliterated for the embosser, the stripe and the chip"),
            .passes(RuleExamples.access(name: "王小明"), "Chinese characters engraved as written by the laser"),
            .passes(RuleExamples.access(name: String(repeating: "王", count: 27)), "27 Chinese characters fill the laser's line"),
            .passes(
                RuleExamples.bank(name: "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ ROSS"),
                "40 characters: abbreviated on the card, whole on the carrier's 40-character line"),
            .fails(
                RuleExamples.bank(name: "张伟"), .nameNotTransliterable,
                note: "Chinese characters on an embossed card with stripe and chip"),
            .fails(
                RuleExamples.access(name: String(repeating: "王", count: 28)), .nameTooLong,
                note: "28 Chinese characters: engraved names are never abbreviated"),
            .fails(
                RuleExamples.bank(name: "MARIA-FERNANDA VILLANUEVA-RODRIGUEZ ROSSI"), .nameTooLong,
                note: "41 characters do not fit the carrier's line"),
            .fails(RuleExamples.bank(name: "¡¿"), .nameInvalid, note: "nothing left once transliterated"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        guard let production = context.production, case let groups = facts.machineGroups, !groups.isEmpty
        else { return }
        var name = production.measure(record)
        let branch = facts.branch
        var problems = ProductionProblems()
        for group in groups {
            problems.add(group.limits.faceNameProblem(&name), on: group.machines)
            problems.add(group.limits.trackNameProblem(&name), on: group.machines)
            if group.carrier(for: record, branch: branch) != nil {
                problems.add(group.limits.carrierNameProblem(&name), on: group.machines)
            }
        }
        findings += problems.findings(of: self, for: record, other: .nameInvalid)
    }
}
