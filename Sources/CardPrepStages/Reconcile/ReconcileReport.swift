import CardPrepCore
import Foundation

/// What reconciling one drop's order found: the figures per branch and product, the deliveries, the spoiled cards
/// awaiting destruction and every finding. Written as `report.json`; `report.html` and `report.csv` show the same.
public struct ReconcileReport: Sendable, Codable, Equatable {
    /// The figures of one branch and product.
    public struct BranchFigures: Sendable, Codable, Equatable {
        public var branch: String
        public var product: String
        public var ordered: Int
        public var good: Int
        public var spoiled: Int
        public var delivered: Int
    }

    /// One delivery with its receipt, when confirmed.
    public struct ShipmentSummary: Sendable, Codable, Equatable {
        public var shipment: String
        public var branch: String
        public var carrier: String
        public var tracking: String
        public var dispatched: String
        public var cards: Int
        public var boxes: Int
        /// When the receipt was signed, or nil while the delivery is unconfirmed.
        public var received: String?
        public var receivedBy: String?
        /// The delivery list written for it, relative to the reconcile folder.
        public var deliveryList: String
    }

    /// The format name this version writes.
    public static let formatName = "cardprep-reconcile/1"

    public var format = Self.formatName
    public var dropID: String
    public var orderID: String
    public var contract: String
    /// When the report was made (ISO 8601, from the run's clock).
    public var generated: String
    public var branches: [BranchFigures]
    public var shipments: [ShipmentSummary]
    public var pendingDestruction: [PendingDestruction]
    public var findings: [ReconciliationFinding]
    /// The customer folder of the drop, its name as its profile gives it, and the bureau's name, for people.
    public var customer: String?
    public var customerName: String?
    public var bureau: String?
    /// Who recorded the reconciliation: a verified person's id, or "system" for the pipeline run.
    public var recordedBy: String?
    /// The rows of the floor's `stock.csv`; nil when no stock file came back.
    public var stockMovements: Int?

    /// `ok` when every figure adds up, `discrepancyFound` otherwise.
    public var exitCode: CardPrepExitCode { findings.isEmpty ? .ok : .discrepancyFound }

    /// The figures per branch and product of `input`.
    static func figures(_ input: ReconciliationInput) -> [BranchFigures] {
        var figures: [String: BranchFigures] = [:]
        func update(_ branch: String, _ product: String, _ change: (inout BranchFigures) -> Void) {
            let key = branch + "\u{0}" + product
            var value = figures[key] ?? BranchFigures(branch: branch, product: product, ordered: 0, good: 0, spoiled: 0, delivered: 0)
            change(&value)
            figures[key] = value
        }
        for line in input.order.lines { update(line.branchCode, line.productCode) { $0.ordered += line.quantity } }
        let batches = Dictionary(input.plannedBatches.map { ($0.batch.id, $0) }, uniquingKeysWith: { first, _ in first })
        for result in input.production {
            guard let (batch, product) = batches[result.batch] else { continue }
            if result.status == .good { update(batch.branch, product) { $0.good += 1 } }
            if result.status == .spoiled { update(batch.branch, product) { $0.spoiled += 1 } }
        }
        for line in input.shipments { update(line.branch, line.product) { $0.delivered += line.cards } }
        return figures.values.sorted { ($0.branch, $0.product) < ($1.branch, $1.product) }
    }
}
