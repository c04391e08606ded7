/// A reissue (the same card number as an earlier card, a PAN sequence number it has not had before) is accepted only
/// where the product's profile says `repeats: {reissue: accept}`.
public struct ReissueRule: RepeatedCardRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "reissue" }
    public var summary: String { "A reissue of an earlier card (a new PAN sequence number) is accepted only where the product takes reissues." }

    public var examples: [RepeatedCardExample] {
        let accept = RepeatPolicy(acceptsReissues: true)
        return [
            .init(issues: [.example("01", "2806")], earlier: [.example("00", "2806")], policy: accept, expected: [],
                  note: "a reissue where the product takes reissues"),
            .init(issues: [.example("01", "2806")], earlier: [.example("00", "2806")], expected: [.reissueRefused],
                  note: "a reissue where the product refuses them"),
            .init(issues: [.example("00", "2806"), .example("01", "2806")], expected: [.reissueRefused],
                  note: "a reissue of a card earlier in the same drop, refused"),
            .init(issues: [.example("00", "2906")], earlier: [.example("00", "2806")], policy: accept, expected: [],
                  note: "the same PAN sequence number is a renewal, not a reissue"),
        ]
    }

    public func check(_ sightings: [CardSighting], earlier: EarlierCards) -> [Finding] {
        guard !earlier.includesUnknown else { return [] }
        return zip(sightings, CardRepeats(sightings, earlier: earlier).standings).compactMap { sighting, standing in
            guard standing == .reissue, !sighting.policy.acceptsReissues else { return nil }
            return finding(.reissueRefused, sighting,
                           "a reissue (\(sighting.issue)): an earlier card of the number had another PAN sequence number; "
                               + "the product's profile refuses reissues (repeats: reissue: refuse)")
        }
    }
}
