/// A card appears once in a drop: a record with the same card number, PAN sequence number and expiry as an earlier
/// record of the drop is rejected. (A renewal or reissue of a card earlier in the drop is for ``RenewalRule`` and
/// ``ReissueRule``.)
public struct DuplicateInDropRule: RepeatedCardRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "duplicate-in-drop" }
    public var summary: String { "No card (number, PAN sequence number and expiry) appears twice in one drop." }

    public var examples: [RepeatedCardExample] {
        [
            .init(records: 1, expected: [], note: "a card once in the drop"),
            .init(records: 2, expected: [.duplicateInDrop], note: "the second record of a card"),
            .init(records: 3, expected: [.duplicateInDrop, .duplicateInDrop], note: "the second and third records of a card"),
            .init(issues: [.example("00", "2806"), .example("00", "2906")], policy: RepeatPolicy(acceptsRenewals: true),
                  expected: [], note: "a renewal of a card earlier in the drop is not the same card"),
            .init(issues: [.example("00", "2806"), .example("00", "")], expected: [.duplicateInDrop],
                  note: "a record without an expiry cannot be told from the card before it"),
        ]
    }

    public func check(_ sightings: [CardSighting], earlier: EarlierCards) -> [Finding] {
        zip(sightings, CardRepeats(sightings, earlier: earlier).standings).compactMap { sighting, standing in
            guard case let .sameAsInDrop(line, _) = standing else { return nil }
            return finding(.duplicateInDrop, sighting,
                           "the record on line \(line) of this drop has the same card number, PAN sequence number and expiry")
        }
    }
}
