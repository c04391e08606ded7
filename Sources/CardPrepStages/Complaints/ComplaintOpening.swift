import CardPrepCore
import Foundation

/// What is asked when a complaint is opened: the customer, when the bureau received it, what they say, and what it
/// is about, as typed (drops by id prefix or `customer/drop`, the rest by their ids).
public struct ComplaintOpening: Sendable, Equatable {
    public var customer: String
    /// When the bureau received it; nil: now.
    public var receivedAt: Date?
    public var summary: String
    public var cards: [String]
    public var lots: [String]
    public var shipments: [String]
    public var orders: [String]
    public var drops: [String]

    /// Creates a request.
    public init(
        customer: String, receivedAt: Date? = nil, summary: String, cards: [String] = [], lots: [String] = [],
        shipments: [String] = [], orders: [String] = [], drops: [String] = []
    ) {
        self.customer = customer; self.receivedAt = receivedAt; self.summary = summary; self.cards = cards; self.lots = lots
        self.shipments = shipments; self.orders = orders; self.drops = drops
    }
}

/// What closing a complaint decides: the cause, the department responsible, the remedy and the reply to the
/// customer.
public struct ComplaintClosing: Sendable, Equatable {
    public var cause: ComplaintCause
    public var department: Department
    public var remedy: ComplaintRemedy
    /// The reply to the customer, in one line.
    public var reply: String

    /// Creates a decision.
    public init(cause: ComplaintCause, department: Department, remedy: ComplaintRemedy, reply: String) {
        self.cause = cause; self.department = department; self.remedy = remedy; self.reply = reply
    }
}
