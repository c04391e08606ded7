/// When, how and where an order's cards are delivered, and whom to call.
public struct Delivery: Sendable, Equatable, Codable {
    /// The day the cards are due at the address.
    public var dueDate: CalendarDate
    /// How the cards travel.
    public var method: DeliveryMethod
    /// Whether the order jumps the production queue.
    public var priority: DeliveryPriority
    /// Where the cards go.
    public var address: PostalAddress
    /// Who receives them.
    public var contact: Contact

    /// Creates a delivery.
    public init(
        dueDate: CalendarDate, method: DeliveryMethod, priority: DeliveryPriority,
        address: PostalAddress, contact: Contact
    ) {
        self.dueDate = dueDate
        self.method = method
        self.priority = priority
        self.address = address
        self.contact = contact
    }
}

/// How cards travel to the customer.
public enum DeliveryMethod: String, Sendable, Equatable, Codable, CaseIterable {
    /// Air freight.
    case airCargo = "air-cargo"
    /// An express courier service.
    case expressCourier = "express-courier"
    /// The postal service.
    case post
}

/// The production and delivery priority of an order.
public enum DeliveryPriority: String, Sendable, Equatable, Codable, CaseIterable {
    /// Normal queue.
    case standard
    /// Ahead of standard orders.
    case urgent
}

/// The person who receives a delivery.
public struct Contact: Sendable, Equatable, Codable {
    /// The contact's name.
    public var name: String
    /// A telephone number, digits with an optional leading `+`.
    public var phone: String
    /// An e-mail address.
    public var email: String

    /// Creates a contact.
    public init(name: String, phone: String, email: String) {
        self.name = name
        self.phone = phone
        self.email = email
    }
}
