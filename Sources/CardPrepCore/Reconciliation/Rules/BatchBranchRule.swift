/// Every batch goes to the branch of its order lines and holds the product they order.
public struct BatchBranchRule: ReconciliationRule {
    public let id = "batch-branch"
    public let summary = "every batch's branch and product match its order lines"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        let lines = Dictionary(input.order.lines.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        return input.plannedBatches.flatMap { batch, product in
            batch.orderLines.compactMap { number -> ReconciliationFinding? in
                guard let line = lines[number], line.branchCode != batch.branch || line.productCode != product else { return nil }
                return ReconciliationFinding(
                    .batchBranch, at: .init(orderLine: number, branch: batch.branch, product: product, batch: batch.id),
                    message: "batch \(batch.id) holds \(product) for \(batch.branch); order line \(number) orders "
                        + "\(line.productCode) for \(line.branchCode)")
            }
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "batches match their lines"),
            .fails(clean.with { $0.jobs.jobs[1].batches[0].branch = "BR-01" }, .batchBranch, note: "line 2's batch goes to BR-01"),
        ]
    }
}
