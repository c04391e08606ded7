/// A card whose product goes to a machine that encodes the chip has what its EMV data objects need: an expiry and a
/// service code, well formed, and values within their data elements' lengths (tag 57, Track 2 Equivalent Data, at
/// most 19 bytes with the machine's discretionary data), BER-TLV lengths included; and the product's chip data: a PAN
/// sequence number of two digits, the issuer's chip data well-formed hex BER-TLV repeating none of the tags CardPrep
/// writes, every tag placed in the product's records. The checks are the ones transform's encoders make.
public struct ChipDataRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "chip-data" }
    public var summary: String {
        "The EMV data objects can be built within their lengths for every machine of the product that encodes the chip."
    }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "16 digits: tag 57 of 18 bytes"),
            .passes(
                RuleExamples.bank(RuleExamples.luhnComplete("41111100000000000")),
                "18 digits and twelve of discretionary data fill tag 57's 19 bytes"),
            .passes(RuleExamples.access(), "access cards have no chip"),
            .fails(
                RuleExamples.bank(RuleExamples.luhnComplete("411111000000000000")), .chipData,
                note: "19 digits make tag 57 20 bytes long"),
            .fails(RuleExamples.bank(expiry: ""), .expiryInvalid, note: "no expiry for the chip encoder"),
            .fails(RuleExamples.bank(serviceCode: ""), .serviceCode, note: "no service code for the chip encoder"),
            .passes(RuleExamples.chipCard(), "the issuer's tag 9F0D merged, every tag placed in the product's records"),
            .passes(RuleExamples.chipCard(panSequenceNumber: "", chipData: ""), "the product's PAN sequence number, no issuer data"),
            .fails(RuleExamples.chipCard(panSequenceNumber: "1"), .panSequenceNumber, note: "one digit of PAN sequence number"),
            .fails(RuleExamples.chipCard(chipData: "9F0D05F0400080"), .issuerChipData, note: "the issuer's value runs short"),
            .fails(RuleExamples.chipCard(chipData: "9F0D0"), .issuerChipData, note: "an odd number of hex digits"),
            .fails(RuleExamples.chipCard(chipData: "5A084111110000000012"), .issuerChipData,
                   note: "the issuer repeats tag 5A, which CardPrep writes from the card number"),
            .fails(RuleExamples.chipCard(chipData: "9F1001AA"), .issuerChipData,
                   note: "tag 9F10 has no place in the product's records"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] { findings(of: record, in: context) }

    public func check(
        _ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]
    ) {
        let groups = facts.machineGroups
        guard !groups.isEmpty else { return }
        var problems = ProductionProblems()
        for group in groups where group.limits.encodesChip {
            // A missing expiry or service code on a machine that also encodes the stripe is the stripe rule's finding.
            let missing = group.limits.encodesStripe ? nil : group.limits.encodedFieldsProblem(record)
            problems.add(missing ?? group.limits.chipProblem(record), on: group.machines)
        }
        findings += problems.findings(of: self, for: record, other: .chipData)
    }
}
