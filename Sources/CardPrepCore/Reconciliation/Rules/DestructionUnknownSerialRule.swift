/// Every serial a row of the floor's `destruction.csv` destroys is a card the floor reported in `production.csv`:
/// a serial nobody made for the order is a card from elsewhere (another order, stock, a typing error), and the
/// cards the order really spoiled may still be waiting.
public struct DestructionUnknownSerialRule: ReconciliationRule {
    public let id = "destruction-unknown-serial"
    public let summary = "every serial destroyed in destruction.csv is one production.csv reports"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        let reported = Set(input.production.map(\.serial))
        return input.destructionsUnderCheck.filter(\.fromFloor).compactMap { destruction -> ReconciliationFinding? in
            let serials = destruction.destroyedSerials()
            let unknown = serials.filter { !reported.contains($0) }
            guard !unknown.isEmpty else { return nil }
            return ReconciliationFinding(
                .destructionUnknownSerial,
                at: .init(file: "destruction.csv", product: destruction.product,
                          serialRange: SerialRange.ranges(of: unknown).joined(separator: ";"), destruction: destruction.id),
                expected: 0, actual: unknown.count,
                message: "destruction \(destruction.id) names \(unknown.count) of its \(serials.count) serial(s) that production.csv "
                    + "of order \(input.order.id) never reported: \(serialList(unknown))")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "the destroyed serial is the spoiled card the floor reported"),
            .passes(clean.with { $0.destructions = [] }, "no destruction rows"),
            .fails(clean.with { $0.destructions = [ReconciliationExamples.destruction(serials: "CS000002;CS000042", quantity: 2)] },
                   .destructionUnknownSerial, note: "CS000042 was never made for the order"),
            .fails(clean.with { $0.destructions[0].serials = [SerialRange("XX000002")!] }, .destructionUnknownSerial,
                   note: "a serial of another prefix"),
        ]
    }
}
