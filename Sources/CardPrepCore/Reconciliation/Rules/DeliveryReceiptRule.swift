import Foundation

/// Every delivery is signed for, in full, after it left: a receipt per shipment with the boxes dispatched, signed
/// no earlier than the dispatch. A delivery without a receipt is a finding once other receipts have come back or
/// it is older than `maxReceiptDays`; a receipt for a shipment no manifest names is one too.
public struct DeliveryReceiptRule: ReconciliationRule {
    public let id = "delivery-receipt"
    public let summary = "every delivery is signed for, all its boxes, after its dispatch"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        var findings: [ReconciliationFinding] = []
        var dispatched: [String: (boxes: Int, at: Date, branch: String)] = [:]
        var order: [String] = []
        for line in input.shipments where dispatched[line.shipment] == nil {
            dispatched[line.shipment] = (line.boxes, line.dispatched, line.branch)
            order.append(line.shipment)
        }
        let receipts = input.receipts ?? []
        for shipment in order {
            let sent = dispatched[shipment]!
            guard let receipt = receipts.last(where: { $0.shipment == shipment }) else {
                let days = input.now.timeIntervalSince(sent.at) / 86_400
                guard input.receipts != nil || days > Double(input.maxReceiptDays) else { continue }
                findings.append(ReconciliationFinding(
                    .receiptMissing, at: .init(branch: sent.branch, shipment: shipment), expected: 1, actual: 0,
                    message: "shipment \(shipment) to \(sent.branch), dispatched \(Timestamp.iso8601(sent.at)), has no receipt"
                        + (input.receipts == nil ? " after \(Int(days)) days" : " among the receipts returned")))
                continue
            }
            if receipt.boxes != sent.boxes {
                findings.append(ReconciliationFinding(
                    .receiptBoxes, at: .init(branch: sent.branch, shipment: shipment), expected: sent.boxes, actual: receipt.boxes,
                    message: "\(receipt.receivedBy) signed for \(receipt.boxes) box(es) of shipment \(shipment); \(sent.boxes) were dispatched"))
            }
            if receipt.received < sent.at {
                findings.append(ReconciliationFinding(
                    .receiptBeforeDispatch, at: .init(branch: sent.branch, shipment: shipment),
                    message: "shipment \(shipment) was signed for at \(Timestamp.iso8601(receipt.received)), before its dispatch at "
                        + Timestamp.iso8601(sent.at)))
            }
        }
        for receipt in receipts where dispatched[receipt.shipment] == nil {
            findings.append(ReconciliationFinding(
                .receiptUnknown, at: .init(shipment: receipt.shipment),
                message: "a receipt for shipment \(receipt.shipment), which no shipping manifest of order \(input.order.id) names"))
        }
        return findings
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        let signed = { (shipment: String, boxes: Int, at: String) in
            ReceiptConfirmation(shipment: shipment, received: ReconciliationExamples.time(at), receivedBy: "C. Martin", boxes: boxes)
        }
        let both = [signed("S-1", 1, "2026-11-07T09:00:00Z"), signed("S-2", 1, "2026-11-07T11:00:00Z")]
        return [
            .passes(clean.with { $0.receipts = both }, "both deliveries signed for in full after dispatch"),
            .passes(clean, "no receipt back yet, four days after dispatch"),
            .fails(clean.with { $0.receipts = [both[0]] }, .receiptMissing, note: "S-2's receipt missing while S-1's came back"),
            .fails(clean.with { $0.now = ReconciliationExamples.time("2026-11-30T12:00:00Z") }, .receiptMissing, .receiptMissing,
                   note: "no receipt 24 days after dispatch"),
            .fails(clean.with { $0.shipments[0].boxes = 2; $0.receipts = both }, .receiptBoxes, note: "2 boxes dispatched, 1 signed for"),
            .fails(clean.with { $0.receipts = [signed("S-1", 1, "2026-11-06T09:00:00Z"), both[1]] }, .receiptBeforeDispatch,
                   note: "S-1 signed for an hour before it left"),
            .fails(clean.with { $0.receipts = both + [signed("S-9", 1, "2026-11-07T09:00:00Z")] }, .receiptUnknown,
                   note: "a receipt for a shipment of another order"),
        ]
    }
}

/// Deliveries leave by the order's due date: a shipment dispatched after the day the cards were due is late.
public struct DispatchDueRule: ReconciliationRule {
    public let id = "dispatch-due"
    public let summary = "every delivery is dispatched by the order's due date"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        let due = input.order.delivery.dueDate
        var seen = Set<String>()
        return input.shipments.compactMap { line in
            guard seen.insert(line.shipment).inserted, CalendarDate(utcDayOf: line.dispatched) > due else { return nil }
            return ReconciliationFinding(
                .dispatchLate, at: .init(branch: line.branch, shipment: line.shipment),
                message: "shipment \(line.shipment) left on \(CalendarDate(utcDayOf: line.dispatched)), after the order's due date \(due)")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "dispatched ten days before the due date"),
            .passes(clean.with { $0.shipments[0].dispatched = ReconciliationExamples.time("2026-11-20T18:00:00Z") }, "dispatched on the due date"),
            .fails(clean.with { $0.shipments[0].dispatched = ReconciliationExamples.time("2026-11-21T08:00:00Z") }, .dispatchLate,
                   note: "dispatched the day after the due date"),
        ]
    }
}
