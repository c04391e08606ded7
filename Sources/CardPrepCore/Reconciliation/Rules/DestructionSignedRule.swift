/// Every destruction the floor reports in `destruction.csv` was signed by its executor and three witnesses
/// (`cardprep stock destroy`): the ledger holds a signed destruction of the same id, with the same product, quantity
/// and serials.
public struct DestructionSignedRule: ReconciliationRule {
    public let id = "destruction-unsigned"
    public let summary = "every destruction in destruction.csv matches a destruction signed in the ledger"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        input.destructions.compactMap { row -> ReconciliationFinding? in
            let location = ReconciliationLocation(
                product: row.product, serialRange: row.serials.map(\.description).joined(separator: ";"), destruction: row.id)
            guard let signed = input.signedDestructions.first(where: { $0.id == row.id }) else {
                return ReconciliationFinding(
                    .destructionUnsigned, at: location,
                    message: "destruction \(row.id) of destruction.csv has no signed record in the ledger; its executor and "
                        + "three witnesses sign it with 'cardprep stock destroy --record-id \(row.id)'")
            }
            let differences = signed.differences(from: row)
            guard !differences.isEmpty else { return nil }
            return ReconciliationFinding(
                .destructionUnsigned, at: location,
                message: "destruction \(row.id) of destruction.csv differs from its signed record: "
                    + differences.joined(separator: "; "))
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "the floor's row and the signed record agree"),
            .passes(clean.with { $0.destructions = [] }, "a signed record with no row in destruction.csv"),
            .fails(clean.with { $0.signedDestructions = [] }, .destructionUnsigned, note: "a row nobody signed"),
            .fails(clean.with { $0.destructions[0].id = "D-2" }, .destructionUnsigned, note: "a row under another id"),
            .fails(
                clean.with {
                    $0.destructions[0].serials = [SerialRange("CS000002-CS000003")!]
                    $0.destructions[0].quantity = 2
                }, .destructionUnsigned, note: "the row names more cards than were signed for"),
            .fails(clean.with { $0.destructions[0].product = "ACCESS" }, .destructionUnsigned, note: "another product"),
        ]
    }
}
