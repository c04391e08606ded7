import Foundation

/// One destruction as the card-level destruction rules see it: a row of the floor's `destruction.csv`, or a signed
/// destruction in force that has no row there. Either way its id, time, product and serial ranges.
public struct DestructionUnderCheck: Sendable, Equatable {
    public var id: String
    public var time: Date
    public var product: String
    public var serials: [SerialRange]
    /// Whether the floor reported it in `destruction.csv` (false: known only from its signed record).
    public var fromFloor: Bool

    /// Creates one.
    public init(id: String, time: Date, product: String, serials: [SerialRange], fromFloor: Bool) {
        self.id = id; self.time = time; self.product = product; self.serials = serials; self.fromFloor = fromFloor
    }

    /// The serial ranges as the files write them, `;` between.
    public var serialText: String { serials.map(\.description).joined(separator: ";") }

    /// Every serial destroyed, in range order. Ranges longer than `limit` serials are cut there (a typing error such as
    /// `CS000001-CS999999` is found by `destruction-quantity`; this only bounds the work).
    public func destroyedSerials(limit: Int = 100_000) -> [String] {
        var serials: [String] = []
        for range in self.serials {
            for number in range.first...min(range.last, range.first + limit - 1) { serials.append(range.serial(number)) }
        }
        return serials
    }
}

extension ReconciliationInput {
    /// The destructions the card-level rules check: every row of `destruction.csv`, then every signed destruction in
    /// force whose id no row names.
    public var destructionsUnderCheck: [DestructionUnderCheck] {
        let rows = destructions.map {
            DestructionUnderCheck(id: $0.id, time: $0.time, product: $0.product, serials: $0.serials, fromFloor: true)
        }
        let named = Set(destructions.map(\.id))
        let signed = signedDestructionsInForce.filter { !named.contains($0.id) }.map {
            DestructionUnderCheck(id: $0.id, time: $0.time, product: $0.product, serials: $0.serials, fromFloor: false)
        }
        return rows + signed
    }

    /// The batches named by a shipping manifest line, with the first dispatch of each.
    public var shippedBatches: [String: (shipment: String, dispatched: Date)] {
        var shipped: [String: (shipment: String, dispatched: Date)] = [:]
        for line in shipments {
            for batch in line.batches where (shipped[batch]?.dispatched ?? .distantFuture) > line.dispatched {
                shipped[batch] = (line.shipment, line.dispatched)
            }
        }
        return shipped
    }
}

/// `CS000003, CS000007-CS000009` for a finding's message, or the first few and how many more.
func serialList(_ serials: [String], limit: Int = 10) -> String {
    let ranges = SerialRange.ranges(of: serials)
    guard ranges.count > limit else { return ranges.joined(separator: ", ") }
    return ranges.prefix(limit).joined(separator: ", ") + " and \(ranges.count - limit) more range(s)"
}
