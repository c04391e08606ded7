/// A destruction record is valid only with three different witnesses, one each from production, security and
/// warehouse; the cards it names count as destroyed only under a valid record.
public struct DestructionWitnessRule: ReconciliationRule {
    public let id = "destruction-witnesses"
    public let summary = "every destruction has three distinct witnesses from production, security and warehouse"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        input.destructions.filter { !$0.hasValidWitnesses }.map { record in
            let people = Set(record.witnesses.map { $0.name.lowercased() }).count
            let departments = Set(record.witnesses.map(\.department))
            let lacking = DestructionRecord.requiredDepartments.subtracting(departments).sorted()
            return ReconciliationFinding(
                .destructionWitnesses,
                at: .init(product: record.product, serialRange: record.serials.map(\.description).joined(separator: ";"),
                          destruction: record.id),
                expected: 3, actual: people,
                message: "destruction \(record.id) has \(people) distinct witnesses from \(departments.sorted().joined(separator: ", "))"
                    + (lacking.isEmpty ? "" : "; none from \(lacking.joined(separator: ", "))")
                    + "; its \(record.quantity) cards are not destroyed under a valid record")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        let w = ReconciliationExamples.threeWitnesses
        return [
            .passes(clean, "three witnesses from three departments"),
            .passes(clean.with { $0.destructions = [ReconciliationExamples.destruction(witnesses: w + [.init(name: "Extra", department: "audit")])] },
                    "a fourth witness from another department"),
            .fails(clean.with { $0.destructions = [ReconciliationExamples.destruction(witnesses: Array(w.prefix(2)))] },
                   .destructionWitnesses, note: "two witnesses"),
            .fails(clean.with { $0.destructions = [ReconciliationExamples.destruction(witnesses: [w[0], w[1], .init(name: "Li Wei", department: "warehouse")])] },
                   .destructionWitnesses, note: "one person signing for two departments"),
            .fails(clean.with { $0.destructions = [ReconciliationExamples.destruction(witnesses: [w[0], w[1], .init(name: "Kim", department: "security")])] },
                   .destructionWitnesses, note: "three people, no one from the warehouse"),
        ]
    }
}
