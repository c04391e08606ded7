/// A card number was not in an earlier drop; the registry compares keyed fingerprints, never numbers.
public struct DuplicateEarlierDropRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "duplicate-earlier-drop" }
    public var summary: String { "No card number was already in an earlier drop (by keyed fingerprint)." }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "a new card"),
            .passes(RuleExamples.bank(RuleExamples.seenCard), "seen in this drop, not an earlier one"),
            .fails(RuleExamples.bank(RuleExamples.earlierCard), .duplicateEarlierDrop, note: "a card of an earlier drop"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) throws -> [Finding] {
        guard record.hasWellFormedCardNumber, try context.earlierDrops.containsCard(record.cardNumber) else { return [] }
        return [finding(.duplicateEarlierDrop, record, field: .cardNumber, "the card number was in an earlier drop")]
    }
}
