/// A card was not in an earlier drop: the registry compares keyed fingerprints, never numbers, and the PAN sequence
/// number and expiry of the earlier cards. A number an earlier drop had without them (recorded before the ledger kept
/// them) is refused too, since the card cannot be told a renewal or reissue.
public struct DuplicateEarlierDropRule: RepeatedCardRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "duplicate-earlier-drop" }
    public var summary: String {
        "No card (number, PAN sequence number and expiry) was already in an earlier drop (by keyed fingerprint)."
    }

    public var examples: [RepeatedCardExample] {
        [
            .init(records: 1, expected: [], note: "a new card"),
            .init(records: 2, expected: [], note: "twice in this drop, not in an earlier one"),
            .init(records: 1, heldByEarlierDrop: true, expected: [.duplicateEarlierDrop],
                  note: "a number an earlier drop had, recorded without its PAN sequence number and expiry"),
            .init(records: 2, heldByEarlierDrop: true, expected: [.duplicateEarlierDrop, .duplicateEarlierDrop],
                  note: "every record of a card of an earlier drop"),
            .init(issues: [.example("01", "2806")], earlier: [.example("01", "2806")], expected: [.duplicateEarlierDrop],
                  note: "the same PAN sequence number and expiry as an earlier drop's card"),
            .init(issues: [.example("01", "2906")], earlier: [.example("01", "2806")], policy: RepeatPolicy(acceptsRenewals: true),
                  expected: [], note: "a renewal of an earlier drop's card is not the same card"),
        ]
    }

    public func check(_ sightings: [CardSighting], earlier: EarlierCards) -> [Finding] {
        guard !earlier.isEmpty else { return [] }
        if earlier.includesUnknown {
            return sightings.map {
                finding(.duplicateEarlierDrop, $0,
                        "the card number was in an earlier drop recorded before PAN sequence numbers and expiries were kept, "
                            + "so this card cannot be told a renewal or reissue of it")
            }
        }
        return zip(sightings, CardRepeats(sightings, earlier: earlier).standings).compactMap { sighting, standing in
            switch standing {
            case .sameAsEarlierDrop, .sameAsInDrop(_, alsoEarlierDrop: true):
                finding(.duplicateEarlierDrop, sighting, "an earlier drop had the same card: \(sighting.issue)")
            default: nil
            }
        }
    }
}
