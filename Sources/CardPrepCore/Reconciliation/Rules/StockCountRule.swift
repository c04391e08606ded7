/// A physical count (inventory or spot check) equals the book's usable balance at that point.
public struct StockCountRule: ReconciliationRule {
    public let id = "stock-count"
    public let summary = "every physical count equals the book balance"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        var book = StockBook(opening: input.stockOpening)
        for movement in input.stockInTimeOrder { book.apply(movement) }
        return book.findings
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "the counts agree"),
            .fails(clean.with { $0.stock[5].quantity = 4 }, .stockCountVariance, note: "the debit inventory finds one card fewer"),
            .fails(clean.with { $0.stockOpening = [$0.stock[3].account: StockBalance(usable: 2)] }, .stockCountVariance,
                   note: "the spot check ignores the opening balance"),
        ]
    }
}
