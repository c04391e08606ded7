/// Ordered = planned, per order line and branch: each order line's quantity must be the cards the job manifest
/// accepted for it, plus the cards replacement drops made for it (records sent again in a later order that
/// `replaces` this one). Together with `card-missing` and `card-unexpected` this makes ordered = personalised good.
public struct LineQuantityRule: ReconciliationRule {
    public let id = "line-quantity"
    public let summary = "every order line's quantity is planned in the job manifest for its branch"

    /// Creates the rule.
    public init() {}

    public func check(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        var findings: [ReconciliationFinding] = []
        let counts = Dictionary(input.jobs.lines.map { ($0.orderLine, $0) }, uniquingKeysWith: { first, _ in first })
        for line in input.order.lines where line.cardType == .personalised {
            let planned = counts[line.number]
            let replaced = input.replacements[line.number] ?? 0
            let accepted = (planned.map { $0.branch == line.branchCode ? $0.accepted : 0 } ?? 0) + replaced
            let expected = input.expectedQuantity(of: line)
            guard accepted != expected else { continue }
            let closed = expected == line.quantity ? "" : " (closed short at \(expected))"
            findings.append(ReconciliationFinding(
                .lineQuantity, at: .init(orderLine: line.number, branch: line.branchCode, product: line.productCode),
                expected: expected, actual: accepted,
                message: "order line \(line.number) orders \(line.quantity) \(line.productCode) cards for \(line.branchCode)\(closed); "
                    + "the job manifest plans \(accepted - replaced)" + (planned.map { $0.rejected > 0 ? " (\($0.rejected) rejected)" : "" } ?? "")
                    + (replaced > 0 ? " and replacement drops made \(replaced)" : "")))
        }
        let known = Set(input.order.lines.map(\.number))
        for count in input.jobs.lines where !known.contains(count.orderLine) {
            findings.append(ReconciliationFinding(
                .lineQuantity, at: .init(orderLine: count.orderLine, branch: count.branch, product: count.product),
                expected: 0, actual: count.accepted, message: "the job manifest plans cards for order line \(count.orderLine), "
                    + "which the order does not have"))
        }
        return findings
    }

    public var examples: [ReconciliationExample] {
        let clean = ReconciliationExamples.clean
        return [
            .passes(clean, "every line planned in full"),
            .fails(clean.with { $0.jobs.lines[0].accepted = 2; $0.jobs.lines[0].rejected = 1 }, .lineQuantity,
                   note: "a rejected record leaves line 1 short"),
            .fails(clean.with { $0.jobs.lines[1].branch = "BR-01" }, .lineQuantity, note: "line 2 planned for the wrong branch"),
            .passes(clean.with { $0.jobs.lines[0].accepted -= 1; $0.jobs.lines[0].rejected = 1; $0.shortClosures = [1: clean.order.lines[0].quantity - 1] },
                    "line 1 one card short, closed short at what was made"),
            .fails(clean.with { $0.jobs.lines[0].accepted -= 2; $0.jobs.lines[0].rejected = 2; $0.shortClosures = [1: clean.order.lines[0].quantity - 1] },
                   .lineQuantity, note: "line 1 two cards short, closed short at one"),
            .passes(clean.with { $0.jobs.lines[0].accepted -= 2; $0.jobs.lines[0].rejected = 2; $0.replacements = [1: 2] },
                    "line 1 two cards short, both made by a replacement drop"),
            .fails(clean.with { $0.jobs.lines[0].accepted -= 2; $0.jobs.lines[0].rejected = 2; $0.replacements = [1: 1] },
                   .lineQuantity, note: "line 1 two cards short, a replacement drop made one"),
        ]
    }
}
