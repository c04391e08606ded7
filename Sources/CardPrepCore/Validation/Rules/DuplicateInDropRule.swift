/// A card number appears once in a drop: the second and later records with the same number are rejected.
public struct DuplicateInDropRule: RepeatedCardRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "duplicate-in-drop" }
    public var summary: String { "No card number appears twice in one drop." }

    public var examples: [RepeatedCardExample] {
        [
            .init(records: 1, expected: [], note: "a card once in the drop"),
            .init(records: 2, expected: [.duplicateInDrop], note: "the second record of a card"),
            .init(records: 3, expected: [.duplicateInDrop, .duplicateInDrop], note: "the second and third records of a card"),
        ]
    }

    public func check(_ sightings: [CardSighting], heldByEarlierDrop: Bool) -> [Finding] {
        sightings.dropFirst().map { finding(.duplicateInDrop, $0, "an earlier record of this drop has the same card number") }
    }
}
