/// A rule on the records of a drop that carry a repeated card: one that appears in more than one record of
/// the drop, or that an earlier drop had. Such rules run once the whole drop has been read, over the drop's
/// records sorted by card fingerprint, so that memory does not grow with the drop; a card seen once and never
/// before is not shown to them. Like record rules, each carries its own examples.
public protocol RepeatedCardRule: Sendable {
    /// The rule's stable identifier (kebab-case).
    var id: String { get }
    /// What the rule checks, in one sentence.
    var summary: String { get }
    /// Sightings of one card that pass and fail.
    var examples: [RepeatedCardExample] { get }
    /// Checks the records of one card.
    /// - Parameters:
    ///   - sightings: the records carrying the card, in file order (at least one).
    ///   - heldByEarlierDrop: whether an earlier drop had the card.
    /// - Returns: findings located at records of `sightings`, with the card number masked.
    func check(_ sightings: [CardSighting], heldByEarlierDrop: Bool) -> [Finding]
}

/// The records of one card, whether an earlier drop had it, and the reason codes a rule must report.
public struct RepeatedCardExample: Sendable {
    /// The records carrying the card, in file order.
    public var sightings: [CardSighting]
    /// Whether an earlier drop had the card.
    public var heldByEarlierDrop: Bool
    /// The reason codes the rule must report, in order; empty when the records pass.
    public var expected: [ReasonCode]
    /// What the example shows.
    public var note: String

    /// Creates an example of `count` records of one card, on lines 10, 20, 30 …
    public init(records count: Int, heldByEarlierDrop: Bool = false, expected: [ReasonCode], note: String) {
        let card = RuleExamples.luhnComplete("411111000000555")
        let fingerprint = InMemoryCardFingerprintRegistry().fingerprint(of: card)
        sightings = (1...count).map {
            CardSighting(fingerprint: fingerprint, line: 10 * $0, recordNumber: $0, orderLine: 1, masked: MaskedCardNumber(card)!,
                         rejectedByRecordRules: false)
        }
        self.heldByEarlierDrop = heldByEarlierDrop
        self.expected = expected
        self.note = note
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
