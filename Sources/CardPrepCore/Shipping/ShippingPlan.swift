/// How an order's cards are to leave the bureau: one shipment per destination (each branch the order names), its
/// boxes with the cards of one product each, the carrier the customer's rules choose, and whether it can arrive by
/// the order's due date. Made when the drop's jobs are issued, so that the floor packs and books by it.
public struct ShippingPlan: Sendable, Equatable, Codable {
    public var format = "cardprep-shipping-plan/1"
    public var dropID: String
    public var customer: String
    public var orderID: String
    public var contract: String
    /// The order's delivery method, priority and due date.
    public var method: DeliveryMethod
    public var priority: DeliveryPriority
    public var dueDate: CalendarDate
    /// The day the plan was made.
    public var plannedOn: CalendarDate
    /// The first day the cards can leave: the plan's day plus the production days of the order's priority.
    public var earliestDispatch: CalendarDate
    /// The shipments, in the order of the order's branches.
    public var shipments: [PlannedShipment]
    /// What stands in the way of shipping on time; empty when the plan meets the due date.
    public var problems: [ShippingPlanProblem]

    /// Whether every shipment can arrive by the due date with a carrier the rules name.
    public var meetsDueDate: Bool { problems.isEmpty }
    /// Every box of the plan.
    public var boxCount: Int { shipments.reduce(0) { $0 + $1.boxes.count } }
    /// Every card of the plan.
    public var cards: Int { shipments.reduce(0) { $0 + $1.cards } }

    /// Creates a plan.
    public init(dropID: String, customer: String, orderID: String, contract: String, method: DeliveryMethod,
                priority: DeliveryPriority, dueDate: CalendarDate, plannedOn: CalendarDate, earliestDispatch: CalendarDate,
                shipments: [PlannedShipment], problems: [ShippingPlanProblem]) {
        self.dropID = dropID; self.customer = customer; self.orderID = orderID; self.contract = contract; self.method = method
        self.priority = priority; self.dueDate = dueDate; self.plannedOn = plannedOn; self.earliestDispatch = earliestDispatch
        self.shipments = shipments; self.problems = problems
    }

    /// Plans in the order the floor ships them: urgent orders first, then by due date, then by order id.
    public static func shippingOrder(_ a: ShippingPlan, _ b: ShippingPlan) -> Bool {
        let rank = { (plan: ShippingPlan) in plan.priority == .urgent ? 0 : 1 }
        return (rank(a), a.dueDate, a.orderID) < (rank(b), b.dueDate, b.orderID)
    }
}

/// One planned shipment: the cards for one branch, to its address, in boxes.
public struct PlannedShipment: Sendable, Equatable, Codable {
    /// The shipment's number in the plan, from 1.
    public var number: Int
    /// The branch code the cards are for.
    public var branch: String
    /// The branch's name, or the customer unit's.
    public var name: String
    public var address: PostalAddress
    public var contact: Contact
    /// The carrier the rules chose; nil when no rule matches.
    public var carrier: String?
    /// The carrier's transit days; nil when no rule matches.
    public var transitDays: Int?
    /// The last day the shipment can leave and arrive by the due date.
    public var dispatchBy: CalendarDate
    public var boxes: [PlannedBox]

    /// The cards of the shipment.
    public var cards: Int { boxes.reduce(0) { $0 + $1.cards } }

    /// Creates a shipment.
    public init(number: Int, branch: String, name: String, address: PostalAddress, contact: Contact, carrier: String?,
                transitDays: Int?, dispatchBy: CalendarDate, boxes: [PlannedBox]) {
        self.number = number; self.branch = branch; self.name = name; self.address = address; self.contact = contact
        self.carrier = carrier; self.transitDays = transitDays; self.dispatchBy = dispatchBy; self.boxes = boxes
    }
}

/// One box of a planned shipment: cards of one product, up to the box's capacity.
public struct PlannedBox: Sendable, Equatable, Codable {
    /// The box's number within its shipment, from 1.
    public var number: Int
    public var product: String
    /// The order lines whose cards the box holds.
    public var orderLines: [Int]
    public var cards: Int
    /// The box's capacity for the product.
    public var capacity: Int

    /// Creates a box.
    public init(number: Int, product: String, orderLines: [Int], cards: Int, capacity: Int) {
        self.number = number; self.product = product; self.orderLines = orderLines; self.cards = cards; self.capacity = capacity
    }
}

/// What stands in the way of a shipment leaving on time.
public enum ShippingPlanProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// No carrier rule of the customer's profile takes the shipment.
    case noCarrier(shipment: Int, method: DeliveryMethod, priority: DeliveryPriority, cards: Int)
    /// The shipment cannot arrive by the due date: it can leave on `earliestDispatch` at the soonest, and must leave by
    /// `dispatchBy` to arrive in time.
    case dueDateMissed(shipment: Int, earliestDispatch: CalendarDate, dispatchBy: CalendarDate, dueDate: CalendarDate)

    public var description: String {
        switch self {
        case let .noCarrier(shipment, method, priority, cards):
            "shipment \(shipment): no carrier rule of the customer's profile takes \(cards) card(s) by \(method.rawValue) at "
                + "\(priority.rawValue) priority (add one under shipping.carriers)"
        case let .dueDateMissed(shipment, earliest, by, due):
            "shipment \(shipment) cannot arrive by the due date \(due): it must leave by \(by), and can leave on \(earliest) "
                + "at the soonest"
        }
    }
}
