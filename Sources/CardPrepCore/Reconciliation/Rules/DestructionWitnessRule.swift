/// A destruction counts only with three different witnesses, one each from production, security and the warehouse,
/// none of them the person who destroyed the cards. The witnesses are the people who signed the destruction record
/// (`SignedDestruction`), as the register placed them; the names in `destruction.csv` are not looked at.
public struct DestructionWitnessRule: ReconciliationRule {
    public let id = "destruction-witnesses"
    public let summary = "every signed destruction has three distinct witnesses from production, security and warehouse"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        input.signedDestructionsInForce.filter { !$0.hasValidWitnesses }.map { record in
            let lacking = record.missingWitnessDepartments.map(\.rawValue)
            let people = record.witnesses.map { "\($0.person) (\($0.department.rawValue))" }.joined(separator: ", ")
            return ReconciliationFinding(
                .destructionWitnesses,
                at: .init(product: record.product, serialRange: record.serialText, destruction: record.id),
                expected: 3, actual: min(record.distinctWitnesses, 3 - lacking.count),
                message: "destruction \(record.id) was signed by executor \(record.executor.person) and witnesses \(people)"
                    + (lacking.isEmpty ? "" : "; no witness other than the executor from \(lacking.joined(separator: ", "))")
                    + "; its \(record.quantity) cards are not destroyed under a valid record")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        let signers = ReconciliationExamples.signers
        func signed(_ witnesses: [SignedDestruction.Signer]) -> ReconciliationInput {
            clean.with { $0.signedDestructions = [ReconciliationExamples.signedDestruction(witnesses: witnesses)] }
        }
        return [
            .passes(clean, "three witnesses from three departments, and an executor"),
            .passes(
                clean.with { $0.destructions[0].witnesses = Array($0.destructions[0].witnesses.prefix(1)) },
                "the floor's row names one witness: the signed record counts, not the names typed"),
            .fails(
                signed([signers[1], signers[2], .init(duty: "warehouse-witness", person: "lin", department: .security)]),
                .destructionWitnesses, note: "a pipeline that let a security officer witness for the warehouse"),
            .fails(
                signed([signers[1], signers[2], .init(duty: "warehouse-witness", person: "ana", department: .warehouse)]),
                .destructionWitnesses, note: "one person witnessing for two departments"),
            .fails(
                clean.with {
                    $0.signedDestructions = [
                        ReconciliationExamples.signedDestruction(
                            executor: .init(duty: "executor", person: "tom", department: .warehouse))
                    ]
                },
                .destructionWitnesses, note: "the warehouse witness destroyed the cards themselves"),
        ]
    }
}
