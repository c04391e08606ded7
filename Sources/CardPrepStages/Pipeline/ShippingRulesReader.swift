import CardPrepCore

/// Reads the `shipping` block of a customer profile into `ShippingRules` (keys documented there), naming the line
/// of the first mistake.
enum ShippingRulesReader {
    static func read(_ block: inout ConfigurationMapping) throws(ConfigurationError) -> ShippingRules {
        var days: [DeliveryPriority: Int] = [:]
        for (name, value) in try block.intMapping("production_days") ?? [:] {
            guard let priority = DeliveryPriority(rawValue: name) else {
                throw block.error("production_days", "'\(name)' is not a priority (\(choices(DeliveryPriority.self)))")
            }
            guard value >= 0 else { throw block.error("production_days", "\(name): days cannot be negative") }
            days[priority] = value
        }
        let byProduct = try positive(&block, "box_capacity")
        var bySealing: [Sealing: Int] = [:]
        for (name, value) in try positive(&block, "packaging_capacity") {
            guard let sealing = Sealing(rawValue: name) else {
                throw block.error("packaging_capacity", "'\(name)' is not a sealing (\(choices(Sealing.self)))")
            }
            bySealing[sealing] = value
        }
        var carriers: [CarrierRule] = []
        for var rule in try block.mappingList("carriers") ?? [] {
            carriers.append(try carrier(&rule))
            try rule.rejectUnknownKeys()
        }
        try block.rejectUnknownKeys()
        return ShippingRules(carriers: carriers, boxCapacityByProduct: byProduct, boxCapacityBySealing: bySealing,
                             productionDays: days)
    }

    private static func carrier(_ rule: inout ConfigurationMapping) throws(ConfigurationError) -> CarrierRule {
        let name = try rule.string("carrier")
        let methodText = try rule.string("method")
        guard let method = DeliveryMethod(rawValue: methodText) else {
            throw rule.error("method", "'\(methodText)' is not a delivery method (\(choices(DeliveryMethod.self)))")
        }
        var priority: DeliveryPriority?
        if let text = try rule.optionalString("priority"), text != "any" {
            guard let value = DeliveryPriority(rawValue: text) else {
                throw rule.error("priority", "'\(text)' is not a priority (\(choices(DeliveryPriority.self)), any)")
            }
            priority = value
        }
        let minCards = try rule.optionalInt("min_cards")
        let maxCards = try rule.optionalInt("max_cards")
        if let minCards, let maxCards, minCards > maxCards {
            throw rule.error("max_cards", "\(maxCards) is below min_cards \(minCards)")
        }
        guard let transit = try rule.optionalInt("transit_days"), transit >= 0 else {
            throw rule.error("transit_days", "the carrier's days from dispatch to delivery are required, 0 or more")
        }
        return CarrierRule(carrier: name, method: method, priority: priority, minCards: minCards, maxCards: maxCards,
                           transitDays: transit)
    }

    private static func positive(_ block: inout ConfigurationMapping, _ key: String) throws(ConfigurationError) -> [String: Int] {
        let values = try block.intMapping(key) ?? [:]
        if let bad = values.first(where: { $0.value < 1 }) { throw block.error(key, "\(bad.key): a box holds at least 1 card") }
        return values
    }

    private static func choices<T: RawRepresentable & CaseIterable>(_: T.Type) -> String where T.RawValue == String {
        T.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
