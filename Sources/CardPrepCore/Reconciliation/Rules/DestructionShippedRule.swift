/// A destruction never names a good card that was shipped: a card delivered to the customer cannot also have gone
/// into the shredder, so either the destruction record or the shipping manifest is wrong.
public struct DestructionShippedRule: ReconciliationRule {
    public let id = "destruction-shipped"
    public let summary = "no destruction names a good card that was shipped"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        let shipped = input.shippedBatches
        var goodShipped: [String: (batch: String, shipment: String)] = [:]
        for result in input.production where result.status == .good {
            if let delivery = shipped[result.batch] { goodShipped[result.serial] = (result.batch, delivery.shipment) }
        }
        guard !goodShipped.isEmpty else { return [] }
        return input.destructionsUnderCheck.compactMap { destruction -> ReconciliationFinding? in
            let hits = destruction.destroyedSerials().filter { goodShipped[$0] != nil }
            guard !hits.isEmpty else { return nil }
            let shipments = Set(hits.compactMap { goodShipped[$0]?.shipment }).sorted()
            let batches = Set(hits.compactMap { goodShipped[$0]?.batch }).sorted()
            return ReconciliationFinding(
                .destructionShipped,
                at: .init(product: destruction.product, batch: batches.joined(separator: ";"),
                          serialRange: SerialRange.ranges(of: hits).joined(separator: ";"),
                          shipment: shipments.joined(separator: ";"), destruction: destruction.id),
                expected: 0, actual: hits.count,
                message: "destruction \(destruction.id) names \(hits.count) good card(s) shipped in "
                    + "\(shipments.joined(separator: ", ")): \(serialList(hits)); only spoiled, sample or test cards are destroyed")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        let wider = ReconciliationExamples.destruction(serials: "CS000002-CS000003", quantity: 2)
        return [
            .passes(clean, "the destroyed card is the spoiled one"),
            .passes(clean.with { $0.destructions = [ReconciliationExamples.destruction(serials: "CS000002;CS000005", quantity: 2)] },
                    "the QA sample destroyed with the spoiled card"),
            .passes(clean.with { $0.destructions = [wider]; $0.shipments = [$0.shipments[1]] },
                    "a good card destroyed before its batch was shipped is not this finding"),
            .fails(clean.with { $0.destructions = [wider] }, .destructionShipped,
                   note: "the range runs on into the reprint, which was delivered to BR-01"),
            .fails(clean.with { $0.destructions = []; $0.signedDestructions = [ReconciliationExamples.signedDestruction(serials: "CS000001-CS000002", quantity: 2)] },
                   .destructionShipped, note: "a signed destruction with no floor row names a shipped card"),
        ]
    }
}
