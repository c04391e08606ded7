/// A card number was not in an earlier drop; the registry compares keyed fingerprints, never numbers.
public struct DuplicateEarlierDropRule: RepeatedCardRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "duplicate-earlier-drop" }
    public var summary: String { "No card number was already in an earlier drop (by keyed fingerprint)." }

    public var examples: [RepeatedCardExample] {
        [
            .init(records: 1, expected: [], note: "a new card"),
            .init(records: 2, expected: [], note: "twice in this drop, not in an earlier one"),
            .init(records: 1, heldByEarlierDrop: true, expected: [.duplicateEarlierDrop], note: "a card of an earlier drop"),
            .init(records: 2, heldByEarlierDrop: true, expected: [.duplicateEarlierDrop, .duplicateEarlierDrop],
                  note: "every record of a card of an earlier drop"),
        ]
    }

    public func check(_ sightings: [CardSighting], heldByEarlierDrop: Bool) -> [Finding] {
        guard heldByEarlierDrop else { return [] }
        return sightings.map { finding(.duplicateEarlierDrop, $0, "the card number was in an earlier drop") }
    }
}
