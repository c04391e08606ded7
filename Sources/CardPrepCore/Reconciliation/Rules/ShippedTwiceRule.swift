/// No batch (and so no serial) is shipped twice.
public struct ShippedTwiceRule: ReconciliationRule {
    public let id = "shipped-twice"
    public let summary = "every batch travels in one delivery only"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        var shipmentsOfBatch: [String: [String]] = [:]
        var order: [String] = []
        for line in input.shipments {
            for batch in line.batches {
                if shipmentsOfBatch[batch] == nil { order.append(batch) }
                shipmentsOfBatch[batch, default: []].append(line.shipment)
            }
        }
        return order.compactMap { batch -> ReconciliationFinding? in
            guard let shipments = shipmentsOfBatch[batch], shipments.count > 1 else { return nil }
            let serials = input.production.filter { $0.batch == batch && $0.status == .good }.map(\.serial)
            return ReconciliationFinding(
                .shippedTwice, at: .init(batch: batch, serialRange: SerialRange.ranges(of: serials).joined(separator: ";"),
                                         shipment: shipments.joined(separator: ";")),
                expected: 1, actual: shipments.count,
                message: "batch \(batch) is in \(shipments.count) deliveries: \(shipments.joined(separator: ", "))")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "each batch in one delivery"),
            .fails(clean.with { $0.shipments[1].batches.append("d1-J01-B001") }, .shippedTwice,
                   note: "the debit batch listed again in BR-02's delivery"),
        ]
    }
}
