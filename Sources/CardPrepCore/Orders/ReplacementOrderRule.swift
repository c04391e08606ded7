/// The earlier order a replacement order names, as the ledger knows it: its drop, whether it still waits for
/// records, and per order line what was ordered, what its own jobs plan and what earlier replacements send.
public struct ReplacedOrder: Sendable, Equatable {
    /// One line of the earlier order.
    public struct Line: Sendable, Equatable {
        public var orderLine: Int
        public var product: String
        public var branch: String
        public var ordered: Int
        /// The cards the earlier drop's own jobs plan for the line.
        public var planned: Int
        /// The cards replacement drops accepted before this one sends any.
        public var replaced: Int
        /// Whether the line was closed short (`cardprep close-short`): it takes no more cards.
        public var closedShort: Bool

        /// The cards the line still waits for.
        public var missing: Int { closedShort ? 0 : max(0, ordered - planned - replaced) }

        /// Creates a line.
        public init(orderLine: Int, product: String, branch: String, ordered: Int, planned: Int, replaced: Int = 0, closedShort: Bool = false) {
            self.orderLine = orderLine; self.product = product; self.branch = branch; self.ordered = ordered
            self.planned = planned; self.replaced = replaced; self.closedShort = closedShort
        }
    }

    /// The earlier order's id.
    public var orderID: String
    /// The earlier drop, as people name it (`customer/drop (id)`).
    public var drop: String
    /// The earlier drop's state, in words; `waiting` says whether it can still take records.
    public var state: String
    /// Whether the earlier drop waits for records: its jobs are issued and it is not reconciled yet.
    public var waiting: Bool
    public var lines: [Line]

    /// Creates the view of an earlier order.
    public init(orderID: String, drop: String, state: String, waiting: Bool, lines: [Line]) {
        self.orderID = orderID; self.drop = drop; self.state = state; self.waiting = waiting; self.lines = lines
    }
}

/// A replacement order (one with `replaces`) must name an earlier order of the same customer that waits for the
/// records it sends: each of its lines is a line of that order, for the same product and branch, and sends no more
/// cards than the line still misses. Anything else rejects the drop whole (`replacement-invalid`), so that no card
/// is produced twice and no line is over-filled.
public struct ReplacementOrderRule: Sendable {
    /// One example: a replacement order against the earlier order (nil: none found), and whether it passes.
    public struct Example: Sendable {
        public var order: Order
        public var replacing: ReplacedOrder?
        public var passes: Bool
        public var note: String
    }

    public let id = "replacement-order"
    public let summary = "a replacement order completes short lines of a waiting earlier order, never more"

    /// Creates the rule.
    public init() {}

    /// The findings of `order` against the order it replaces; none when `order` replaces nothing.
    /// - Parameter replacing: the earlier order the ledger holds under `order.replaces`, nil when there is none.
    public func check(_ order: Order, replacing: ReplacedOrder?) -> [Finding] {
        guard let target = order.replaces else { return [] }
        func finding(_ message: String) -> Finding { Finding(.replacementInvalid, .rejectDrop, at: .drop, message: message) }
        guard target != order.id else { return [finding("order \(order.id) names itself in 'replaces'")] }
        guard let replacing else {
            return [finding("order \(order.id) replaces order \(target), which no drop of customer \(order.customer.id) holds")]
        }
        guard replacing.waiting else {
            return [finding("order \(order.id) replaces order \(target) of drop \(replacing.drop), which is \(replacing.state); "
                + "only an order whose jobs are issued and that is not reconciled yet waits for replacements")]
        }
        var findings: [Finding] = []
        let lines = Dictionary(replacing.lines.map { ($0.orderLine, $0) }) { first, _ in first }
        for line in order.lines {
            guard let earlier = lines[line.number] else {
                findings.append(finding("line \(line.number) is not a line of order \(target)"))
                continue
            }
            if earlier.product != line.productCode || earlier.branch != line.branchCode {
                findings.append(finding("line \(line.number) is for \(line.productCode) at \(line.branchCode); line \(line.number) of order "
                    + "\(target) is for \(earlier.product) at \(earlier.branch)"))
            } else if earlier.closedShort {
                findings.append(finding("line \(line.number) of order \(target) was closed short; it takes no replacement"))
            } else if line.quantity > earlier.missing {
                findings.append(finding("line \(line.number) sends \(line.quantity) card(s); line \(line.number) of order \(target) misses "
                    + "\(earlier.missing) (ordered \(earlier.ordered), planned \(earlier.planned), replaced \(earlier.replaced))"))
            }
        }
        return findings
    }

    /// Orders that pass and orders that fail, against one earlier order short by two cards on line 1.
    public var examples: [Example] {
        let base = ReplacedOrder(
            orderID: "ORD-1", drop: "bank/drop-1 (0a1b2c3d)", state: "in discrepancy", waiting: true,
            lines: [.init(orderLine: 1, product: "DEBIT", branch: "HQ", ordered: 6, planned: 4),
                    .init(orderLine: 2, product: "ACCESS", branch: "HQ", ordered: 2, planned: 2)])
        func order(_ replaces: String? = "ORD-1", line: Int = 1, product: String = "DEBIT", quantity: Int = 2) -> Order {
            var order = ReconciliationExamples.order
            order.id = "ORD-1R"
            order.replaces = replaces
            order.lines = [OrderLine(number: line, productCode: product, cardType: .personalised, quantity: quantity, branchCode: "HQ")]
            return order
        }
        var partly = base
        partly.lines[0].replaced = 1
        var closed = base
        closed.lines[0].closedShort = true
        var archived = base
        archived.waiting = false
        archived.state = "archived"
        return [
            Example(order: order(nil), replacing: nil, passes: true, note: "an ordinary order replaces nothing"),
            Example(order: order(), replacing: base, passes: true, note: "sends the two cards line 1 misses"),
            Example(order: order(quantity: 1), replacing: partly, passes: true, note: "sends the last card after an earlier replacement"),
            Example(order: order(), replacing: partly, passes: false, note: "two cards where one is missing"),
            Example(order: order(), replacing: nil, passes: false, note: "an order the ledger does not hold"),
            Example(order: order(), replacing: archived, passes: false, note: "an order already archived"),
            Example(order: order(), replacing: closed, passes: false, note: "a line closed short"),
            Example(order: order(line: 3), replacing: base, passes: false, note: "a line the order does not have"),
            Example(order: order(product: "ACCESS"), replacing: base, passes: false, note: "another product than the line's"),
            Example(order: order(line: 2, product: "ACCESS", quantity: 1), replacing: base, passes: false, note: "a line planned in full"),
            Example(order: order("ORD-1R"), replacing: nil, passes: false, note: "an order naming itself"),
        ]
    }
}
