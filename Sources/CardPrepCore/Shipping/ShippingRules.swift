import Foundation

/// A customer's shipping rules, from the `shipping` block of its profile: which carrier takes which deliveries, how
/// many cards a box holds, and how many days production takes before cards can leave.
///
/// ```yaml
/// shipping:
///   production_days: {standard: 3, urgent: 1}     # days from the plan to the earliest dispatch
///   box_capacity: {C01-DEBIT: 200}                # cards per box, per product
///   packaging_capacity: {security-seal: 250}      # cards per box, per sealing of the order's packaging
///   carriers:                                     # the first rule that matches a shipment is taken
///     - {carrier: Chronopost Express, method: express-courier, priority: urgent, transit_days: 1}
///     - {carrier: DHL Express, method: express-courier, max_cards: 1000, transit_days: 2}
///     - {carrier: La Poste Colissimo, method: post, transit_days: 3}
/// ```
public struct ShippingRules: Sendable, Equatable, Codable {
    /// The carrier rules, in the profile's order: the first that matches a shipment carries it.
    public var carriers: [CarrierRule]
    /// Cards per box for a product, by product code.
    public var boxCapacityByProduct: [String: Int]
    /// Cards per box for an order's sealing (a bag or a sealed box holds a set number).
    public var boxCapacityBySealing: [Sealing: Int]
    /// Calendar days from the plan to the earliest dispatch, per priority.
    public var productionDays: [DeliveryPriority: Int]

    /// The production days when the profile does not say: 3 for standard orders, 1 for urgent ones.
    public static let defaultProductionDays: [DeliveryPriority: Int] = [.standard: 3, .urgent: 1]

    /// Creates rules; missing production days take the defaults.
    public init(carriers: [CarrierRule] = [], boxCapacityByProduct: [String: Int] = [:],
                boxCapacityBySealing: [Sealing: Int] = [:], productionDays: [DeliveryPriority: Int] = [:]) {
        self.carriers = carriers; self.boxCapacityByProduct = boxCapacityByProduct
        self.boxCapacityBySealing = boxCapacityBySealing
        self.productionDays = Self.defaultProductionDays.merging(productionDays) { _, given in given }
    }

    /// The first carrier rule for a shipment of `cards` cards sent by `method` at `priority`; nil when none matches.
    public func carrier(method: DeliveryMethod, priority: DeliveryPriority, cards: Int) -> CarrierRule? {
        carriers.first { $0.matches(method: method, priority: priority, cards: cards) }
    }

    /// How many cards of `product` one box holds: the smallest of the order's cards per box, the product's capacity
    /// and the sealing's capacity (each where given), at least one.
    public func boxCapacity(product: String, packaging: Packaging) -> Int {
        let limits = [packaging.cardsPerBox, boxCapacityByProduct[product], boxCapacityBySealing[packaging.sealing]].compactMap { $0 }
        return max(1, limits.min() ?? packaging.cardsPerBox)
    }
}

/// Which carrier takes deliveries of one method, optionally only at one priority and within a range of cards.
public struct CarrierRule: Sendable, Equatable, Codable {
    /// The carrier's name as the floor books it (`DHL Express`).
    public var carrier: String
    /// The delivery method the order names.
    public var method: DeliveryMethod
    /// The priority the rule is for; nil: any.
    public var priority: DeliveryPriority?
    /// The fewest cards in a shipment the rule takes; nil: no lower bound.
    public var minCards: Int?
    /// The most cards in a shipment the rule takes; nil: no upper bound.
    public var maxCards: Int?
    /// Calendar days from dispatch to delivery.
    public var transitDays: Int

    /// Creates a rule.
    public init(carrier: String, method: DeliveryMethod, priority: DeliveryPriority? = nil, minCards: Int? = nil,
                maxCards: Int? = nil, transitDays: Int) {
        self.carrier = carrier; self.method = method; self.priority = priority; self.minCards = minCards
        self.maxCards = maxCards; self.transitDays = transitDays
    }

    /// Whether the rule takes a shipment of `cards` cards sent by `method` at `priority`.
    public func matches(method: DeliveryMethod, priority: DeliveryPriority, cards: Int) -> Bool {
        method == self.method && (self.priority == nil || self.priority == priority)
            && cards >= (minCards ?? 0) && cards <= (maxCards ?? Int.max)
    }
}

extension CalendarDate {
    /// The day `days` calendar days later (earlier when negative).
    public func shifted(byDays days: Int) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return CalendarDate(utcDayOf: calendar.date(byAdding: .day, value: days, to: start)!)
    }
}
