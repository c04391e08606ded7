/// Makes an order's shipping plan from its delivery terms and the customer's shipping rules.
public enum ShippingPlanner {
    /// The plan for `order`'s cards.
    /// - Parameters:
    ///   - order: the order, with its delivery method, priority, due date, address, contact and packaging.
    ///   - cards: the cards to ship per order line (the records accepted); a line not named ships its ordered quantity.
    ///   - rules: the customer's shipping rules.
    ///   - dropID: the drop the cards come from.
    ///   - plannedOn: the day of the plan.
    /// - Returns: one shipment per branch, in the order the order names them, each with its boxes and carrier; the
    ///   problems that keep it from arriving by the due date.
    public static func plan(order: Order, cards: [Int: Int] = [:], rules: ShippingRules, dropID: String,
                            plannedOn: CalendarDate) -> ShippingPlan {
        let delivery = order.delivery
        let earliest = plannedOn.shifted(byDays: rules.productionDays[delivery.priority] ?? 0)
        let branches = order.lines.map(\.branchCode).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var shipments: [PlannedShipment] = []
        var problems: [ShippingPlanProblem] = []
        for branchCode in branches {
            let boxes = self.boxes(order.lines.filter { $0.branchCode == branchCode }, cards: cards, order: order, rules: rules)
            guard !boxes.isEmpty else { continue }
            let number = shipments.count + 1
            let total = boxes.reduce(0) { $0 + $1.cards }
            let branch = order.customerUnit.branch(code: branchCode)
            let rule = rules.carrier(method: delivery.method, priority: delivery.priority, cards: total)
            let dispatchBy = delivery.dueDate.shifted(byDays: -(rule?.transitDays ?? 0))
            if rule == nil {
                problems.append(.noCarrier(shipment: number, method: delivery.method, priority: delivery.priority, cards: total))
            }
            if earliest > dispatchBy {
                problems.append(.dueDateMissed(shipment: number, earliestDispatch: earliest, dispatchBy: dispatchBy,
                                               dueDate: delivery.dueDate))
            }
            shipments.append(PlannedShipment(
                number: number, branch: branchCode, name: branch?.name ?? order.customerUnit.name,
                address: branch?.address ?? delivery.address, contact: delivery.contact, carrier: rule?.carrier,
                transitDays: rule?.transitDays, dispatchBy: dispatchBy, boxes: boxes))
        }
        return ShippingPlan(
            dropID: dropID, customer: order.customer.id, orderID: order.id, contract: order.contractNumber, method: delivery.method,
            priority: delivery.priority, dueDate: delivery.dueDate, plannedOn: plannedOn, earliestDispatch: earliest,
            shipments: shipments, problems: problems)
    }

    /// The boxes for one branch's lines: the cards of each product (over its lines) filled into boxes of the product's
    /// capacity, products in the order their first line names them.
    private static func boxes(_ lines: [OrderLine], cards: [Int: Int], order: Order, rules: ShippingRules) -> [PlannedBox] {
        let products = lines.map(\.productCode).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var boxes: [PlannedBox] = []
        for product in products {
            let productLines = lines.filter { $0.productCode == product }
            var left = productLines.reduce(0) { $0 + max(0, cards[$1.number] ?? $1.quantity) }
            let capacity = rules.boxCapacity(product: product, packaging: order.packaging)
            while left > 0 {
                let packed = min(left, capacity)
                boxes.append(PlannedBox(number: boxes.count + 1, product: product, orderLines: productLines.map(\.number),
                                        cards: packed, capacity: capacity))
                left -= packed
            }
        }
        return boxes
    }
}
