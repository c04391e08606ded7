/// Delivered per branch = good per branch, per product (prefabricated and blank lines: as ordered); every delivery is for the order's contract and branches.
public struct DeliveryQuantityRule: ReconciliationRule {
    public let id = "delivery-quantity"
    public let summary = "the cards delivered to each branch equal the good cards made for it, per product"

    /// Creates the rule.
    public init() {}

    struct Key: Hashable, Comparable {
        var branch: String, product: String
        static func < (a: Key, b: Key) -> Bool { (a.branch, a.product) < (b.branch, b.product) }
    }

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        guard !input.shipments.isEmpty else { return [] }
        var findings: [ReconciliationFinding] = []
        let branches = Set(input.order.lines.map(\.branchCode))
        var delivered: [Key: Int] = [:], good: [Key: Int] = [:]
        for line in input.shipments {
            guard line.contract == input.order.contractNumber, branches.contains(line.branch) else {
                findings.append(ReconciliationFinding(
                    .shipmentUnknown, at: .init(branch: line.branch, product: line.product, shipment: line.shipment),
                    message: "shipment \(line.shipment) goes to \(line.branch) under contract \(line.contract), which order "
                        + "\(input.order.id) (contract \(input.order.contractNumber)) does not name"))
                continue
            }
            delivered[Key(branch: line.branch, product: line.product), default: 0] += line.cards
        }
        let batches = Dictionary(input.plannedBatches.map { ($0.batch.id, $0) }, uniquingKeysWith: { first, _ in first })
        for result in input.production where result.status == .good {
            guard let (batch, product) = batches[result.batch] else { continue }
            good[Key(branch: batch.branch, product: product), default: 0] += 1
        }
        for line in input.order.lines where line.cardType != .personalised {  // stock cards travel as ordered
            good[Key(branch: line.branchCode, product: line.productCode), default: 0] += line.quantity
        }
        for key in Set(delivered.keys).union(good.keys).sorted() {
            let made = good[key] ?? 0, sent = delivered[key] ?? 0
            guard made != sent else { continue }
            let shipments = Set(input.shipments.filter { $0.branch == key.branch && $0.product == key.product }.map(\.shipment))
            findings.append(ReconciliationFinding(
                .deliveryQuantity, at: .init(branch: key.branch, product: key.product, shipment: shipments.sorted().first),
                expected: made, actual: sent,
                message: "\(sent) \(key.product) cards delivered to \(key.branch) where \(made) good cards were made"
                    + (sent < made ? " (short by \(made - sent))" : " (over by \(sent - made))")))
        }
        return findings
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "every branch receives its good cards"),
            .passes(clean.with { $0.shipments = [] }, "nothing shipped yet"),
            .fails(clean.with { $0.shipments[1].cards = 1 }, .deliveryQuantity, note: "BR-02 short-shipped by one card"),
            .fails(clean.with { $0.shipments[1].contract = "CT-9" }, .shipmentUnknown, .deliveryQuantity,
                   note: "a delivery under another contract does not count for BR-02"),
        ]
    }
}
