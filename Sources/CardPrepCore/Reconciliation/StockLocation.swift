/// Whether a stock location is a customer's headquarters (its customer unit) or one of its branches.
public enum StockLocationKind: String, Sendable, Codable, CaseIterable {
    case headquarters, branch
}

/// What is known of a stock location when an account is opened: its kind and name (from an order's customer unit).
public struct StockLocationFacts: Sendable, Equatable, Codable {
    public var kind: StockLocationKind
    public var name: String

    /// Creates the facts.
    public init(kind: StockLocationKind, name: String) { self.kind = kind; self.name = name }

    /// The customer unit and branches an order names, by code: the unit is the headquarters.
    public static func of(_ order: Order) -> [String: StockLocationFacts] {
        var facts = [order.customerUnit.code: StockLocationFacts(kind: .headquarters, name: order.customerUnit.name)]
        for branch in order.customerUnit.branches where facts[branch.code] == nil {
            facts[branch.code] = StockLocationFacts(kind: .branch, name: branch.name)
        }
        return facts
    }
}
