import Foundation

/// Everything one order's reconciliation looks at: the order, its drop's job manifest, the stations' results,
/// the shipping manifests, the floor's destruction rows and the signed destructions of the ledger, the stock
/// movements, and the time of the check.
public struct ReconciliationInput: Sendable {
    public var order: Order
    public var jobs: JobManifest
    public var production: [ProductionResult]
    public var shipments: [ShipmentLine]
    /// The floor's rows of `destruction.csv`.
    public var destructions: [DestructionRecord]
    /// The signed destructions of the ledger that may concern the order (those of its products); the rules look at
    /// the ones `signedDestructionsInForce` picks.
    public var signedDestructions: [SignedDestruction]
    /// Stock movements of the period, replayed in file order from `stockOpening`.
    public var stock: [StockMovement]
    /// The balances the stock movements start from (all zero when empty).
    public var stockOpening: [StockAccountKey: StockBalance]
    /// The time of the check, from the run's clock.
    public var now: Date
    /// How many days a spoiled card may wait for its destruction.
    public var maxPendingDays: Int
    /// The receipt confirmations returned; nil when none has come back yet (no `receipts.csv`).
    public var receipts: [ReceiptConfirmation]?
    /// The boxes the floor itemised (`boxes.csv`); nil when it did not.
    public var boxes: [ShipmentBox]?
    /// How many days a delivery may wait for its receipt before the missing receipt is a finding.
    public var maxReceiptDays = 10
    /// The order lines closed short by an approved decision: the quantity approved instead of the one ordered.
    public var shortClosures: [Int: Int] = [:]
    /// Cards replacement drops made for the order's lines (drops whose order `replaces` this one, reconciled): by line.
    public var replacements: [Int: Int] = [:]
    /// The shipping plan made when the drop's jobs were issued; nil for a drop planned before plans were made.
    public var shippingPlan: ShippingPlan?

    /// The quantity reconciliation expects for `line`: the approved one when the line was closed short.
    public func expectedQuantity(of line: OrderLine) -> Int { shortClosures[line.number] ?? line.quantity }

    /// Creates an input.
    public init(order: Order, jobs: JobManifest, production: [ProductionResult], shipments: [ShipmentLine] = [],
                destructions: [DestructionRecord] = [], signedDestructions: [SignedDestruction] = [],
                stock: [StockMovement] = [], stockOpening: [StockAccountKey: StockBalance] = [:], now: Date,
                maxPendingDays: Int = 30) {
        self.order = order; self.jobs = jobs; self.production = production; self.shipments = shipments
        self.destructions = destructions; self.signedDestructions = signedDestructions; self.stock = stock; self.stockOpening = stockOpening; self.now = now
        self.maxPendingDays = maxPendingDays
    }

    /// A copy changed by `change`, for examples.
    public func with(_ change: (inout ReconciliationInput) -> Void) -> ReconciliationInput {
        var copy = self
        change(&copy)
        return copy
    }

    /// The stock movements in time order, whatever order the file has (a stable sort: same-time rows keep theirs).
    public var stockInTimeOrder: [StockMovement] {
        stock.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// Each batch of the job manifest with the product of its job.
    public var plannedBatches: [(batch: JobManifest.Batch, product: String)] {
        jobs.jobs.flatMap { job in job.batches.map { ($0, job.product) } }
    }

    /// The planned positions (batch and sequence) with no good card, by batch, as sequence lists.
    public var missingSequences: [(batch: JobManifest.Batch, product: String, sequences: [Int])] {
        var good: [String: Set<Int>] = [:]
        for result in production where result.status == .good { good[result.batch, default: []].insert(result.sequence) }
        return plannedBatches.compactMap { batch, product in
            let range = batch.firstSequence..<(batch.firstSequence + batch.cards)
            let missing = range.filter { !(good[batch.id]?.contains($0) ?? false) }
            return missing.isEmpty ? nil : (batch, product, missing)
        }
    }

    /// The signed destructions this order's reconciliation relies on: those the floor's rows name by id, and those
    /// covering a card the order's production spoiled (a signed record counts without a row in `destruction.csv`).
    public var signedDestructionsInForce: [SignedDestruction] {
        let named = Set(destructions.map(\.id))
        let spoiled = production.filter { $0.status == .spoiled }.map(\.serial)
        return signedDestructions.filter { record in named.contains(record.id) || spoiled.contains(where: record.covers) }
    }

    /// The product of each batch id.
    public var productOfBatch: [String: String] {
        Dictionary(plannedBatches.map { ($0.batch.id, $0.product) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Collapses sorted whole numbers into `a-b` runs, e.g. `[3, 4, 5, 9]` → `3-5, 9`.
func sequenceRuns(_ numbers: [Int]) -> [ClosedRange<Int>] {
    var runs: [ClosedRange<Int>] = []
    for n in numbers.sorted() {
        if let last = runs.last, last.upperBound + 1 == n { runs[runs.count - 1] = last.lowerBound...n } else { runs.append(n...n) }
    }
    return runs
}
