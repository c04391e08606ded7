/// Every order line has exactly as many detail records as it orders cards.
public struct OrderQuantityCheck: DropCheck {
    /// Creates the check.
    public init() {}

    public var id: String { "quantity" }
    public var summary: String { "Each order line has as many detail records as its ordered quantity." }

    public var examples: [DropCheckExample] {
        [
            .passes(DropTally(recordsPerOrderLine: [1: 2, 2: 1, 3: 1, 4: 1]), "every line as ordered"),
            .fails(DropTally(recordsPerOrderLine: [1: 1, 2: 1, 3: 1, 4: 1]), .quantityMismatch, note: "line 1 one short"),
            .fails(DropTally(recordsPerOrderLine: [1: 2, 2: 1, 3: 1]), .quantityMismatch, note: "line 4 missing"),
            .fails(DropTally(recordsPerOrderLine: [1: 3, 2: 2, 3: 1, 4: 1]), .quantityMismatch, .quantityMismatch,
                   note: "lines 1 and 2 one over"),
        ]
    }

    public func check(_ tally: DropTally, in context: RuleContext) -> [Finding] {
        guard let lines = context.orderLines else { return [] }
        return lines.values.sorted { $0.number < $1.number }.compactMap { line in
            let sent = tally.recordsPerOrderLine[line.number] ?? 0
            guard sent != line.quantity else { return nil }
            return Finding(.quantityMismatch, .rejectDrop, at: FindingLocation(field: DetailField.orderLine.rawValue),
                           message: "order line \(line.number) orders \(line.quantity) cards; the file has \(sent) records")
        }
    }
}
