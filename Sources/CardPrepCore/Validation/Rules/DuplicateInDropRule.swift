/// A card number appears once in a drop: the second and later records with the same number are rejected.
public struct DuplicateInDropRule: RecordRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "duplicate-in-drop" }
    public var summary: String { "No card number appears twice in one drop." }

    public var examples: [RuleExample] {
        [
            .passes(RuleExamples.bank(), "a card not seen before in the drop"),
            .fails(RuleExamples.bank(RuleExamples.seenCard), .duplicateInDrop, note: "a card an earlier record of the drop had"),
        ]
    }

    public func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding] {
        guard context.cardsInDrop.contains(record.cardNumber) else { return [] }
        return [finding(.duplicateInDrop, record, field: .cardNumber, "an earlier record of this drop has the same card number")]
    }
}
