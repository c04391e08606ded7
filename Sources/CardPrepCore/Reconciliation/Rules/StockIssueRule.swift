/// Cards issued from stock for the order are accounted for, per product:
///
///     issued = good + spoiled + samples + tests + returned + missing
///
/// where `issued` and `returned` are the stock movements whose reference is the order id, and `missing` the planned
/// positions without a good card (already reported by `card-missing`, so a lost card is reported once).
/// The rule applies only when stock movements reference the order.
public struct StockIssueRule: ReconciliationRule {
    public let id = "stock-issue"
    public let summary = "cards issued from stock equal good + spoiled + samples + tests + returned, per product"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        let movements = input.stock.filter { $0.reference == input.order.id && ($0.kind == .issued || $0.kind == .returned) }
        guard !movements.isEmpty else { return [] }
        var issued: [String: Int] = [:], returned: [String: Int] = [:], used: [String: [ProductionResult.Status: Int]] = [:]
        for movement in movements {
            if movement.kind == .issued { issued[movement.account.product, default: 0] += movement.quantity }
            else { returned[movement.account.product, default: 0] += movement.quantity }
        }
        let products = input.productOfBatch
        for result in input.production {
            used[products[result.batch] ?? "?", default: [:]][result.status, default: 0] += 1
        }
        var missing: [String: Int] = [:]
        for (_, product, sequences) in input.missingSequences { missing[product, default: 0] += sequences.count }
        let all = Set(issued.keys).union(used.keys).union(returned.keys).sorted()
        return all.compactMap { product -> ReconciliationFinding? in
            let counts = used[product] ?? [:]
            let good = counts[.good] ?? 0, spoiled = counts[.spoiled] ?? 0, samples = counts[.sample] ?? 0
            let tests = counts[.test] ?? 0, back = returned[product] ?? 0, lost = missing[product] ?? 0
            let accounted = good + spoiled + samples + tests + back + lost
            let out = issued[product] ?? 0
            guard out != accounted else { return nil }
            return ReconciliationFinding(
                .stockIssue, at: .init(product: product), expected: out, actual: accounted,
                message: "\(out) \(product) cards issued from stock for \(input.order.id); accounted for \(accounted): "
                    + "\(good) good, \(spoiled) spoiled, \(samples) samples, \(tests) tests, \(back) returned, \(lost) missing")
        }
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "six debit cards issued: three good, one spoiled, one sample, one returned"),
            .passes(clean.with { $0.stock = [] }, "no stock movements for the order"),
            .passes(clean.with { $0.production.remove(at: 3) }, "a lost card is reported as missing, not here"),
            .fails(clean.with { $0.stock[1].quantity = 7 }, .stockIssue, note: "one debit card issued and never accounted for"),
            .fails(clean.with { $0.production.append(ReconciliationExamples.card("d1-J02-B001", 0, "AC000003", .test)) }, .stockIssue,
                   note: "a test card made from stock never issued"),
        ]
    }
}
