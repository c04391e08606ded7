import CardPrepCore
import Testing

/// Shipping plans from an order's delivery terms and the customer's shipping rules: boxes by capacity, the carrier by
/// method, priority and quantity, and the due date checked.
@Suite("Shipping plans")
struct ShippingPlanTests {
    static let address = PostalAddress(street: ["2 Quay Street"], city: "Lyon", postalCode: "69002", country: "FR")

    /// An order for 600 DEBIT cards to BR-01 and 150 ACCESS cards to BR-02, due on `due`.
    static func order(priority: DeliveryPriority, method: DeliveryMethod = .expressCourier, due: String = "2026-11-20") -> Order {
        var order = ReconciliationExamples.order
        order.lines = [
            OrderLine(number: 1, productCode: "DEBIT", cardType: .personalised, quantity: 600, branchCode: "BR-01"),
            OrderLine(number: 2, productCode: "ACCESS", cardType: .personalised, quantity: 150, branchCode: "BR-02"),
        ]
        order.delivery = Delivery(dueDate: CalendarDate(due)!, method: method, priority: priority, address: address,
                                  contact: Contact(name: "A. Clerk", phone: "+33 4 00 00 00 00", email: "clerk@example.com"))
        order.packaging = Packaging(cardsPerBox: 500, sealing: .tamperEvidentBag)
        return order
    }

    static let rules = ShippingRules(
        carriers: [
            CarrierRule(carrier: "Chronopost 13h", method: .expressCourier, priority: .urgent, transitDays: 1),
            CarrierRule(carrier: "DHL Express", method: .expressCourier, minCards: 200, transitDays: 2),
            CarrierRule(carrier: "Colissimo Expert", method: .expressCourier, maxCards: 199, transitDays: 3),
        ],
        boxCapacityByProduct: ["DEBIT": 250], boxCapacityBySealing: [.tamperEvidentBag: 200],
        productionDays: [.standard: 4])

    @Test func boxesFollowTheSmallestCapacityAndTheCarrierFollowsTheQuantity() {
        let plan = ShippingPlanner.plan(order: Self.order(priority: .standard), rules: Self.rules, dropID: "d1",
                                        plannedOn: CalendarDate("2026-11-10")!)
        #expect(plan.shipments.map(\.branch) == ["BR-01", "BR-02"])
        // DEBIT: product 250, bag 200, order 500 → 200 a box; ACCESS: bag 200.
        #expect(plan.shipments[0].boxes.map(\.cards) == [200, 200, 200])
        #expect(plan.shipments[0].boxes.allSatisfy { $0.capacity == 200 && $0.product == "DEBIT" && $0.orderLines == [1] })
        #expect(plan.shipments[1].boxes.map(\.cards) == [150])
        #expect(plan.shipments.map(\.carrier) == ["DHL Express", "Colissimo Expert"])
        #expect(plan.shipments.map(\.dispatchBy) == [CalendarDate("2026-11-18")!, CalendarDate("2026-11-17")!])
        #expect(plan.shipments[0].address == ReconciliationExamples.order.customerUnit.branch(code: "BR-01")?.address)
        #expect(plan.shipments[0].contact.name == "A. Clerk")
        #expect(plan.earliestDispatch == CalendarDate("2026-11-14")!)
        #expect(plan.meetsDueDate && plan.problems.isEmpty)
        #expect(plan.boxCount == 4 && plan.cards == 750)
    }

    @Test func anUrgentOrderGoesByTheUrgentCarrierAfterFewerProductionDays() {
        let plan = ShippingPlanner.plan(order: Self.order(priority: .urgent, due: "2026-11-12"), rules: Self.rules, dropID: "d1",
                                        plannedOn: CalendarDate("2026-11-10")!)
        #expect(plan.shipments.map(\.carrier) == ["Chronopost 13h", "Chronopost 13h"])
        #expect(plan.earliestDispatch == CalendarDate("2026-11-11")!)
        #expect(plan.meetsDueDate, "\(plan.problems)")
    }

    @Test func aPlanThatCannotMeetTheDueDateSaysSo() {
        let plan = ShippingPlanner.plan(order: Self.order(priority: .standard, due: "2026-11-15"), rules: Self.rules, dropID: "d1",
                                        plannedOn: CalendarDate("2026-11-10")!)
        #expect(!plan.meetsDueDate)
        #expect(plan.problems == [
            .dueDateMissed(shipment: 1, earliestDispatch: CalendarDate("2026-11-14")!, dispatchBy: CalendarDate("2026-11-13")!,
                           dueDate: CalendarDate("2026-11-15")!),
            .dueDateMissed(shipment: 2, earliestDispatch: CalendarDate("2026-11-14")!, dispatchBy: CalendarDate("2026-11-12")!,
                           dueDate: CalendarDate("2026-11-15")!),
        ])
        #expect("\(plan.problems[1])".contains("shipment 2 cannot arrive by the due date 2026-11-15: it must leave by 2026-11-12"))
    }

    @Test func aMethodNoRuleTakesIsAProblemNamingIt() {
        let plan = ShippingPlanner.plan(order: Self.order(priority: .standard, method: .post), rules: Self.rules, dropID: "d1",
                                        plannedOn: CalendarDate("2026-11-01")!)
        #expect(plan.shipments.allSatisfy { $0.carrier == nil })
        #expect(plan.problems.first == .noCarrier(shipment: 1, method: .post, priority: .standard, cards: 600))
        #expect("\(plan.problems[0])".contains("add one under shipping.carriers"))
    }

    @Test func theAcceptedCardsAreShippedNotTheOrderedOnes() {
        let plan = ShippingPlanner.plan(order: Self.order(priority: .standard), cards: [1: 401, 2: 0], rules: Self.rules,
                                        dropID: "d1", plannedOn: CalendarDate("2026-11-10")!)
        #expect(plan.shipments.map(\.branch) == ["BR-01"])
        #expect(plan.shipments[0].boxes.map(\.cards) == [200, 200, 1])
    }

    @Test func urgentPlansShipFirstThenByDueDate() {
        let make = { (id: String, priority: DeliveryPriority, due: String) -> ShippingPlan in
            var order = Self.order(priority: priority, due: due)
            order.id = id
            return ShippingPlanner.plan(order: order, rules: Self.rules, dropID: id, plannedOn: CalendarDate("2026-11-01")!)
        }
        let plans = [make("A", .standard, "2026-11-20"), make("B", .urgent, "2026-11-25"), make("C", .standard, "2026-11-18"),
                     make("D", .urgent, "2026-11-19")]
        #expect(plans.sorted(by: ShippingPlan.shippingOrder).map(\.orderID) == ["D", "B", "C", "A"])
    }

    @Test func daysShiftAcrossMonthsAndYears() {
        #expect(CalendarDate("2026-12-30")!.shifted(byDays: 3) == CalendarDate("2027-01-02")!)
        #expect(CalendarDate("2026-03-01")!.shifted(byDays: -1) == CalendarDate("2026-02-28")!)
    }
}
