import Foundation

/// Every destruction the floor reports names the camera recording that shows it. `cardprep stock destroy` refuses
/// to sign a destruction without one; a row of `destruction.csv` without it is found here.
public struct DestructionCCTVRule: ReconciliationRule {
    public let id = "destruction-cctv"
    public let summary = "every row of destruction.csv names its CCTV recording"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        input.destructions.filter { $0.cctv.trimmingCharacters(in: .whitespaces).isEmpty }.map { row in
            ReconciliationFinding(
                .destructionCCTV,
                at: .init(file: "destruction.csv", product: row.product,
                          serialRange: row.serials.map(\.description).joined(separator: ";"), destruction: row.id),
                expected: 1, actual: 0,
                message: "destruction \(row.id) of destruction.csv names no CCTV recording (column cctv)")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "the row names camera 2's recording"),
            .fails(clean.with { $0.destructions[0].cctv = "" }, .destructionCCTV, note: "the cctv column left blank"),
            .fails(clean.with { $0.destructions[0].cctv = "  " }, .destructionCCTV, note: "only spaces"),
        ]
    }
}
