/// A renewal (the same card number and PAN sequence number as an earlier card, an expiry later than every earlier
/// card's) is accepted only where the product's profile says `repeats: {renewal: accept}`; a card with an earlier
/// card's sequence number and an expiry not later than every earlier card's is refused as a stale renewal.
public struct RenewalRule: RepeatedCardRule {
    /// Creates the rule.
    public init() {}

    public var id: String { "renewal" }
    public var summary: String {
        "A renewal of an earlier card is accepted only where the product takes renewals, and only with a later expiry."
    }

    public var examples: [RepeatedCardExample] {
        let accept = RepeatPolicy(acceptsRenewals: true)
        return [
            .init(issues: [.example("00", "2906")], earlier: [.example("00", "2806")], policy: accept, expected: [],
                  note: "a renewal where the product takes renewals"),
            .init(issues: [.example("00", "2906")], earlier: [.example("00", "2806")], expected: [.renewalRefused],
                  note: "a renewal where the product refuses them"),
            .init(issues: [.example("00", "2806"), .example("00", "2906")], policy: accept, expected: [],
                  note: "a renewal of a card earlier in the same drop"),
            .init(issues: [.example("00", "2706")], earlier: [.example("00", "2806")], policy: accept, expected: [.renewalNotLater],
                  note: "an expiry earlier than the earlier card's"),
            .init(issues: [.example("00", "2906")], earlier: [.example("00", "2806"), .example("01", "3006")], policy: accept,
                  expected: [.renewalNotLater], note: "an expiry not later than a reissued card's"),
            .init(issues: [.example("01", "2806")], earlier: [.example("00", "2806")], policy: accept, expected: [],
                  note: "a new PAN sequence number is a reissue, not a renewal"),
        ]
    }

    public func check(_ sightings: [CardSighting], earlier: EarlierCards) -> [Finding] {
        guard !earlier.includesUnknown else { return [] }
        return zip(sightings, CardRepeats(sightings, earlier: earlier).standings).compactMap { sighting, standing in
            switch standing {
            case let .renewal(latest) where !sighting.policy.acceptsRenewals:
                finding(.renewalRefused, sighting,
                        "a renewal (\(sighting.issue)) of an earlier card (\(latest)); the product's profile refuses renewals "
                            + "(repeats: renewal: refuse)")
            case let .notLater(latest):
                finding(.renewalNotLater, sighting,
                        "an earlier card had PAN sequence number \(sighting.issue.panSequenceText ?? "none"); the expiry "
                            + "\(sighting.issue.expiryText ?? "none") is not later than the latest earlier card's (\(latest))")
            default: nil
            }
        }
    }
}
