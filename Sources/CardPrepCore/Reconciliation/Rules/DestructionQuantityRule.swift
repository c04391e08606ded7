/// A destruction record's quantity equals the serials its ranges name.
public struct DestructionQuantityRule: ReconciliationRule {
    public let id = "destruction-quantity"
    public let summary = "every destruction's quantity equals the serials in its ranges"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        input.destructions.compactMap { record -> ReconciliationFinding? in
            let named = record.serials.reduce(0) { $0 + $1.count }
            guard named != record.quantity else { return nil }
            return ReconciliationFinding(
                .destructionQuantity,
                at: .init(product: record.product, serialRange: record.serials.map(\.description).joined(separator: ";"),
                          destruction: record.id),
                expected: named, actual: record.quantity,
                message: "destruction \(record.id) states \(record.quantity) cards; its serial ranges name \(named)")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "one card, one serial"),
            .passes(clean.with { $0.destructions = [ReconciliationExamples.destruction(serials: "CS000002;CS000010-CS000011", quantity: 3)] },
                    "several ranges"),
            .fails(clean.with { $0.destructions[0].quantity = 2 }, .destructionQuantity, note: "two cards stated, one serial named"),
        ]
    }
}
