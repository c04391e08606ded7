/// Every planned card (batch and sequence) has exactly one good card, and no good card is outside the plan.
public struct BatchCompletenessRule: ReconciliationRule {
    public let id = "batch-completeness"
    public let summary = "every planned position of every batch has exactly one good card"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        var findings: [ReconciliationFinding] = []
        for (batch, product, sequences) in input.missingSequences {
            for run in sequenceRuns(sequences) {
                let position = run.count == 1 ? "sequence \(run.lowerBound)" : "sequences \(run.lowerBound)-\(run.upperBound)"
                findings.append(ReconciliationFinding(
                    .cardMissing, at: .init(orderLine: batch.orderLines.first, branch: batch.branch, product: product, batch: batch.id),
                    expected: run.count, actual: 0, message: "batch \(batch.id) has no good card at \(position)"))
            }
        }
        let batches = Dictionary(input.plannedBatches.map { ($0.batch.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        for result in input.production where result.status == .good {
            let location = ReconciliationLocation(branch: batches[result.batch]?.batch.branch, product: batches[result.batch]?.product,
                                                  batch: result.batch, serialRange: result.serial)
            guard let (batch, _) = batches[result.batch],
                  (batch.firstSequence..<(batch.firstSequence + batch.cards)).contains(result.sequence) else {
                findings.append(ReconciliationFinding(.cardUnexpected, at: location, expected: 0, actual: 1,
                    message: "good card \(result.serial) at sequence \(result.sequence) of \(result.batch) is not planned"))
                continue
            }
            if !seen.insert("\(result.batch)#\(result.sequence)").inserted {
                findings.append(ReconciliationFinding(.cardUnexpected, at: location, expected: 1, actual: 2,
                    message: "a second good card \(result.serial) at sequence \(result.sequence) of \(result.batch)"))
            }
        }
        return findings
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "every position has its good card, the spoiled one reprinted"),
            .fails(clean.with { $0.production.remove(at: 3) }, .cardMissing, note: "sequence 3 of the debit batch has no result"),
            .fails(clean.with { $0.production.append(ReconciliationExamples.card("d1-J02-B001", 3, "AC000009")) }, .cardUnexpected,
                   note: "a good card past the end of the batch"),
            .fails(clean.with { $0.production.append(ReconciliationExamples.card("d1-J02-B001", 2, "AC000009")) }, .cardUnexpected,
                   note: "two good cards at one position"),
        ]
    }
}
