import Foundation

/// No stock movement in the floor's `stock.csv` is dated after the check: a movement that has not happened yet
/// cannot be in the register (the register refuses it too).
public struct StockFutureRule: ReconciliationRule {
    public let id = "stock-future-dated"
    public let summary = "no stock movement is dated after the check"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        input.stock.filter { $0.time > input.now }.map { movement in
            ReconciliationFinding(
                .stockFutureDated,
                at: .init(file: "stock.csv", product: movement.account.product, account: movement.account.description),
                message: "\(movement.kind.rawValue) of \(movement.quantity) (reference \(movement.reference)) is dated "
                    + "\(Timestamp.iso8601(movement.time)), after the check at \(Timestamp.iso8601(input.now))")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "every movement before the check"),
            .fails(clean.with { $0.stock[0].time = ReconciliationExamples.time("2026-11-11T08:00:00Z") }, .stockFutureDated,
                   note: "a receipt dated the day after the check"),
        ]
    }
}
