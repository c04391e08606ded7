/// A rule on the records of a drop that carry a repeated card number: one that appears in more than one record of
/// the drop, or that an earlier drop had (as the same card, a renewal or a reissue). Such rules run once the whole drop has been read, over the drop's
/// records sorted by card fingerprint, so that memory does not grow with the drop; a card seen once and never
/// before is not shown to them. Like record rules, each carries its own examples.
public protocol RepeatedCardRule: Sendable {
    /// The rule's stable identifier (kebab-case).
    var id: String { get }
    /// What the rule checks, in one sentence.
    var summary: String { get }
    /// Sightings of one card that pass and fail.
    var examples: [RepeatedCardExample] { get }
    /// Checks the records of one card number.
    /// - Parameters:
    ///   - sightings: the records carrying the number, in file order (at least one).
    ///   - earlier: what earlier drops had of the number.
    /// - Returns: findings located at records of `sightings`, with the card number masked.
    func check(_ sightings: [CardSighting], earlier: EarlierCards) -> [Finding]
}

/// The records of one card number, what earlier drops had of it, and the reason codes a rule must report.
public struct RepeatedCardExample: Sendable {
    /// The records carrying the number, in file order.
    public var sightings: [CardSighting]
    /// What earlier drops had of the number.
    public var earlier: EarlierCards
    /// The reason codes the rule must report, in order; empty when the records pass.
    public var expected: [ReasonCode]
    /// What the example shows.
    public var note: String

    /// Creates an example of `count` records of one card (PAN sequence number 00, expiry 2806), on lines 10, 20, 30 …;
    /// `heldByEarlierDrop` means an earlier drop had the number, recorded without its PAN sequence number and expiry.
    public init(records count: Int, heldByEarlierDrop: Bool = false, expected: [ReasonCode], note: String) {
        self.init(issues: Array(repeating: .example("00", "2806"), count: count), expected: expected, note: note)
        earlier = EarlierCards(includesUnknown: heldByEarlierDrop)
    }

    /// Creates an example of records of one card number with these issues, on lines 10, 20, 30 …, of a product with
    /// `policy`, where earlier drops had the number with `earlier` issues.
    public init(
        issues: [CardIssue], earlier: [CardIssue] = [], policy: RepeatPolicy = .refuseAll, expected: [ReasonCode], note: String
    ) {
        let card = RuleExamples.luhnComplete("411111000000555")
        let fingerprint = InMemoryCardFingerprintRegistry().fingerprint(of: card)
        sightings = issues.enumerated().map { index, issue in
            CardSighting(fingerprint: fingerprint, line: 10 * (index + 1), recordNumber: index + 1, orderLine: 1,
                         masked: MaskedCardNumber(card)!, rejectedByRecordRules: false, issue: issue, policy: policy)
        }
        self.earlier = EarlierCards(issues: earlier)
        self.expected = expected
        self.note = note
    }
}

extension CardIssue {
    /// An issue from a two-digit PAN sequence number and a `YYMM` expiry, for examples.
    public static func example(_ panSequenceNumber: String, _ expiry: String) -> CardIssue {
        CardIssue(panSequenceNumber: panSequenceNumber, expiry: expiry, defaultSequence: nil)
    }
}

extension RepeatedCardRule {
    /// A finding on the record of `sighting`, at the card number field.
    func finding(_ code: ReasonCode, _ sighting: CardSighting, _ message: String) -> Finding {
        Finding(code, .rejectRecord,
                at: FindingLocation(recordNumber: sighting.recordNumber, line: sighting.line, field: DetailField.cardNumber.rawValue),
                masked: sighting.masked, message: message)
    }
}
