import Foundation

/// The floor ships as the shipping plan says: each delivery leaves by the delivery method the plan booked its carrier
/// for, and each branch's deliveries leave in no more boxes than the plan packed for it, and in enough to hold its
/// cards at the plan's box capacity (the floor may put two products in one box; it may not overfill one). Without a
/// plan (a drop planned before plans were made), nothing is checked.
public struct ShippingPlanRule: ReconciliationRule {
    public let id = "shipping-plan"
    public let summary = "deliveries leave by the planned carrier's method, in the boxes the shipping plan packed"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        guard let plan = input.shippingPlan else { return [] }
        var findings: [ReconciliationFinding] = []
        var seen = Set<String>()
        var boxes: [String: Int] = [:], cards: [String: Int] = [:], branches: [String] = []
        for line in input.shipments {
            cards[line.branch, default: 0] += line.cards
            guard seen.insert(line.shipment).inserted else { continue }
            if boxes[line.branch] == nil { branches.append(line.branch) }
            boxes[line.branch, default: 0] += line.boxes
            guard let planned = plan.shipments.first(where: { $0.branch == line.branch }), line.carrier != plan.method else { continue }
            findings.append(ReconciliationFinding(
                .shippingCarrier, at: .init(branch: line.branch, shipment: line.shipment),
                message: "shipment \(line.shipment) to \(line.branch) left by \(line.carrier.rawValue); the shipping plan books "
                    + "\(planned.carrier ?? "no carrier") by \(plan.method.rawValue) (planned shipment \(planned.number))"))
        }
        for branch in branches {
            guard let planned = plan.shipments.first(where: { $0.branch == branch }), !planned.boxes.isEmpty else { continue }
            let sent = boxes[branch]!, capacity = planned.boxes.map(\.capacity).max()!
            let fewest = (cards[branch]! + capacity - 1) / capacity
            if sent > planned.boxes.count {
                findings.append(ReconciliationFinding(
                    .shippingBoxes, at: .init(branch: branch), expected: planned.boxes.count, actual: sent,
                    message: "the deliveries to \(branch) left in \(sent) box(es); the shipping plan packed \(planned.boxes.count) "
                        + "(planned shipment \(planned.number))"))
            } else if sent < fewest {
                findings.append(ReconciliationFinding(
                    .shippingBoxes, at: .init(branch: branch), expected: fewest, actual: sent,
                    message: "the deliveries to \(branch) left in \(sent) box(es) for \(cards[branch]!) cards; at the plan's "
                        + "\(capacity) cards a box they need \(fewest)"))
            }
        }
        return findings
    }

    /// The plan of the example order: one box per branch, by express courier with `Swift Couriers`.
    static let plan: ShippingPlan = {
        let order = ReconciliationExamples.order
        let day = CalendarDate(year: 2026, month: 11, day: 2)!
        let shipments = [(1, "BR-01", "DEBIT", 1, 3), (2, "BR-02", "ACCESS", 2, 2)].map { number, branch, product, line, cards in
            PlannedShipment(
                number: number, branch: branch, name: branch, address: ReconciliationExamples.address, contact: order.delivery.contact,
                carrier: "Swift Couriers", transitDays: 2, dispatchBy: CalendarDate(year: 2026, month: 11, day: 18)!,
                boxes: [PlannedBox(number: 1, product: product, orderLines: [line], cards: cards, capacity: 250)])
        }
        return ShippingPlan(
            dropID: "d1", customer: "cust-01", orderID: order.id, contract: order.contractNumber, method: order.delivery.method,
            priority: order.delivery.priority, dueDate: order.delivery.dueDate, plannedOn: day,
            earliestDispatch: CalendarDate(year: 2026, month: 11, day: 5)!, shipments: shipments, problems: [])
    }()

    public var examples: [ReconciliationExample] {
        let planned = ReconciliationExamples.clean.with { $0.shippingPlan = Self.plan }
        var small = Self.plan
        small.shipments[0].boxes[0].capacity = 2
        return [
            .passes(ReconciliationExamples.clean, "no shipping plan: a drop planned before plans were made"),
            .passes(planned, "both deliveries by express courier, one box each, as planned"),
            .passes(planned.with {
                $0.shippingPlan?.shipments[0].boxes.append(PlannedBox(number: 2, product: "DEBIT", orderLines: [1], cards: 1, capacity: 250))
            }, "one box where the plan packed two: the floor put the cards together"),
            .fails(planned.with { $0.shipments[1].carrier = .post }, .shippingCarrier, note: "S-2 went by post, booked by courier"),
            .fails(planned.with { $0.shipments[0].boxes = 2 }, .shippingBoxes, note: "two boxes to BR-01, one planned"),
            .fails(planned.with { $0.shippingPlan = small }, .shippingBoxes, note: "three cards in one box of two cards"),
        ]
    }
}
