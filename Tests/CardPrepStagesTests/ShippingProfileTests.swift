import CardPrepCore
import Foundation
import Testing

@testable import CardPrepStages

/// The `shipping` block of a customer profile: carriers, box capacities and production days, with mistakes named by
/// key and line; and the sample profile's rules.
@Suite struct ShippingProfileTests {
    func load(_ extra: String) throws -> CustomerProfile {
        let folder = NSTemporaryDirectory() + "shipping-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ("customer: cust-09\nname: Test Bank\n" + extra).write(toFile: folder + "/cust-09.yml", atomically: true, encoding: .utf8)
        return try CustomerProfile.load(path: folder + "/cust-09.yml")
    }

    @Test func theRulesAreRead() throws {
        let profile = try load("""
            shipping:
              production_days: {standard: 5}
              box_capacity: {C01-DEBIT: 250}
              packaging_capacity: {security-seal: 400}
              carriers:
                - {carrier: DHL Express, method: express-courier, priority: urgent, transit_days: 1}
                - {carrier: Royal Mail, method: post, priority: any, min_cards: 1, max_cards: 300, transit_days: 3}

            """)
        let rules = profile.shipping
        #expect(rules.productionDays == [.standard: 5, .urgent: 1])
        #expect(rules.boxCapacityByProduct == ["C01-DEBIT": 250] && rules.boxCapacityBySealing == [.securitySeal: 400])
        #expect(rules.carriers == [
            CarrierRule(carrier: "DHL Express", method: .expressCourier, priority: .urgent, transitDays: 1),
            CarrierRule(carrier: "Royal Mail", method: .post, minCards: 1, maxCards: 300, transitDays: 3),
        ])
        #expect(rules.carrier(method: .post, priority: .standard, cards: 301) == nil)
    }

    @Test func aProfileWithoutShippingHasNoCarrierAndTheDefaultDays() throws {
        let rules = try load("").shipping
        #expect(rules.carriers.isEmpty && rules.productionDays == ShippingRules.defaultProductionDays)
    }

    @Test(arguments: [
        ("shipping:\n  carriers:\n    - {carrier: X, method: pigeon, transit_days: 1}\n", "pigeon"),
        ("shipping:\n  carriers:\n    - {carrier: X, method: post}\n", "transit_days"),
        ("shipping:\n  carriers:\n    - {carrier: X, method: post, transit_days: 1, max_card: 3}\n", "max_card"),
        ("shipping:\n  carriers:\n    - {carrier: X, method: post, transit_days: 1, min_cards: 9, max_cards: 3}\n", "max_cards"),
        ("shipping:\n  box_capacity: {C01-DEBIT: 0}\n", "box_capacity"),
        ("shipping:\n  packaging_capacity: {crate: 10}\n", "crate"),
        ("shipping:\n  production_days: {rush: 1}\n", "rush"),
        ("shipping:\n  carrier: []\n", "unknown key 'carrier'"),
    ])
    func mistakesAreNamed(extra: String, named: String) throws {
        #expect { try load(extra) } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return "\(error)".contains(named) && error.line != nil
        }
    }

    @Test func theSampleProfileShipsTheSampleOrderByAir() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let profile = try CustomerProfile.load(path: root.path + "/Pipelines/customers/cust-01.yml")
        #expect(profile.shipping.carrier(method: .airCargo, priority: .standard, cards: 12)?.carrier == "DHL Express")
        #expect(profile.shipping.carrier(method: .airCargo, priority: .standard, cards: 5000)?.carrier == "DB Schenker Air Freight")
    }
}
