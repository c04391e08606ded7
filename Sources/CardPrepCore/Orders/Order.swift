/// A customer's order: what the bureau is to produce under one contract, for whom, and how it is
/// delivered, packed and accepted. It mirrors `Pipelines/schemas/order-v1.xsd`.
public struct Order: Sendable, Equatable, Codable {
    /// The order's identifier, unique for the customer.
    public var id: String
    /// The contract the order is placed under.
    public var contractNumber: String
    /// The day the customer issued the order.
    public var issueDate: CalendarDate
    /// The customer who placed the order.
    public var customer: Customer
    /// The customer unit (headquarters) and its branches.
    public var customerUnit: CustomerUnit
    /// The order lines, in document order.
    public var lines: [OrderLine]
    /// When, how and where the cards are delivered.
    public var delivery: Delivery
    /// How the cards are packed.
    public var packaging: Packaging
    /// The terms under which lots are inspected and accepted.
    /// The acceptance terms, when the order states them; else the customer profile's, else CardPrep's defaults.
    public var acceptance: AcceptanceTerms?
    /// For a replacement order: the id of the customer's earlier order whose rejected records this one replaces (the
    /// `replaces` attribute). Its lines carry the earlier order's line numbers, each with the cards it sends again.
    public var replaces: String?

    /// Creates an order from its parts.
    public init(
        id: String, contractNumber: String, issueDate: CalendarDate, customer: Customer,
        customerUnit: CustomerUnit, lines: [OrderLine], delivery: Delivery, packaging: Packaging,
        acceptance: AcceptanceTerms?, replaces: String? = nil
    ) {
        self.id = id
        self.contractNumber = contractNumber
        self.issueDate = issueDate
        self.customer = customer
        self.customerUnit = customerUnit
        self.lines = lines
        self.delivery = delivery
        self.packaging = packaging
        self.acceptance = acceptance
        self.replaces = replaces
    }

    /// The total number of cards ordered over all lines.
    public var totalQuantity: Int { lines.reduce(0) { $0 + $1.quantity } }
}

/// The customer (a bank, a property manager, a transit operator) that places orders.
public struct Customer: Sendable, Equatable, Codable {
    /// The bureau's identifier for the customer.
    public var id: String
    /// The customer's name.
    public var name: String

    /// Creates a customer.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
