import Foundation

/// A card is destroyed after it was spoiled: a destruction dated before the floor reported a card it names as spoiled
/// (or as a sample or test card made) is backdated, or names the wrong card.
public struct DestructionBeforeSpoilRule: ReconciliationRule {
    public let id = "destruction-before-spoil"
    public let summary = "no destruction is dated before the cards it names were spoiled"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        var made: [String: Date] = [:]
        for result in input.production where result.status != .good {
            made[result.serial] = min(made[result.serial] ?? result.time, result.time)
        }
        guard !made.isEmpty else { return [] }
        return input.destructionsUnderCheck.compactMap { destruction -> ReconciliationFinding? in
            let early = destruction.destroyedSerials().filter { (made[$0] ?? .distantPast) > destruction.time }
            guard !early.isEmpty else { return nil }
            let latest = early.compactMap { made[$0] }.max()!
            return ReconciliationFinding(
                .destructionBeforeSpoil,
                at: .init(product: destruction.product, serialRange: SerialRange.ranges(of: early).joined(separator: ";"),
                          destruction: destruction.id),
                expected: 0, actual: early.count,
                message: "destruction \(destruction.id) is dated \(Timestamp.iso8601(destruction.time)), before \(early.count) "
                    + "card(s) it names were spoiled (the last at \(Timestamp.iso8601(latest))): \(serialList(early))")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        let before = ReconciliationExamples.time("2026-11-03T08:00:00Z")
        return [
            .passes(clean, "destroyed two days after the spoil"),
            .passes(clean.with { $0.destructions[0].time = ReconciliationExamples.time("2026-11-03T09:00:00Z") },
                    "destroyed the moment it was spoiled"),
            .fails(clean.with { $0.destructions[0].time = before }, .destructionBeforeSpoil,
                   note: "the floor's row is dated an hour before the spoil"),
            .fails(clean.with { $0.destructions = []; $0.signedDestructions[0].time = before }, .destructionBeforeSpoil,
                   note: "the signed record is dated before the spoil"),
        ]
    }
}
