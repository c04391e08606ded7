/// A rule on one detail record. Each rule is a small type that carries its own examples of records
/// that pass and fail, so that one test runs them all.
public protocol RecordRule: Sendable {
    /// The rule's stable identifier (kebab-case).
    var id: String { get }
    /// What the rule checks, in one sentence.
    var summary: String { get }
    /// Records that pass and records that fail, checked against `RuleExamples.context()`.
    var examples: [RuleExample] { get }
    /// Checks one record.
    /// - Parameters:
    ///   - record: the record; it holds card data, which findings show masked only.
    ///   - context: the contract, the day and the order lines.
    /// - Returns: the findings, empty when the record passes. Locations name the record and field;
    ///   the drop validation adds the line.
    func check(_ record: CardDataRecord, in context: RuleContext) -> [Finding]
    /// Checks one record with what ``RecordFacts`` worked out once for every rule, appending its findings to
    /// `findings` (and allocating nothing when the record passes). By default it calls `check(_:in:)`.
    func check(_ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding])
}

extension RecordRule {
    public func check(_ record: CardDataRecord, _ facts: RecordFacts, in context: RuleContext, into findings: inout [Finding]) {
        findings += check(record, in: context)
    }

    /// The findings of `check(_:_:in:into:)` on one record, for rules whose `check(_:in:)` is that.
    func findings(of record: CardDataRecord, in context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        check(record, RecordFacts(record, in: context), in: context, into: &findings)
        return findings
    }
}

/// A record with the reason codes a rule must find in it: none for a passing example.
public struct RuleExample: Sendable {
    /// The record.
    public var record: CardDataRecord
    /// The reason codes the rule must report, in order; empty when the record passes.
    public var expected: [ReasonCode]
    /// What the example shows.
    public var note: String

    /// A record the rule lets through.
    public static func passes(_ record: CardDataRecord, _ note: String) -> RuleExample {
        RuleExample(record: record, expected: [], note: note)
    }

    /// A record the rule rejects with `codes`.
    public static func fails(_ record: CardDataRecord, _ codes: ReasonCode..., note: String) -> RuleExample {
        RuleExample(record: record, expected: codes, note: note)
    }
}

/// What rules may consult besides the record: the contract, today's date (passed in, never read from
/// the clock) and the order's lines. Cards repeated within the drop or from earlier drops are the
/// business of `RepeatedCardRule`s, which see the whole drop.
public struct RuleContext {
    /// The customer's card data contract.
    public var contract: CardDataContract {
        didSet { products = contract.products.map(ProductReference.init) }
    }
    /// The contract's products, held by reference.
    private var products: [ProductReference]
    /// The day of validation.
    public var today: CalendarDate
    /// The order's lines by number, or `nil` when the drop is validated without its order.
    public var orderLines: [Int: OrderLine]?
    /// The order's identifier, which the header must name, or `nil` when not checked.
    public var orderID: String?
    /// The machines the products go to and the branches' carrier addresses, or `nil` when the production-limit
    /// rules have nothing to check against.
    public var production: ProductionTargets?

    /// Creates a context.
    public init(
        contract: CardDataContract, today: CalendarDate, orderLines: [OrderLine]?, orderID: String? = nil,
        production: ProductionTargets? = nil
    ) {
        self.orderID = orderID
        self.production = production
        self.contract = contract
        self.products = contract.products.map(ProductReference.init)
        self.today = today
        self.orderLines = orderLines.map { Dictionary($0.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first }) }
    }
}

extension RuleContext {
    /// The contract's rule for a product code, as `CardDataContract.product(_:)` finds it, by reference.
    public func productReference(_ code: String) -> ProductReference? {
        for product in products where product.rule.code == code { return product }
        return nil
    }
}

extension RecordRule {
    /// A finding on `record` at `field`, showing its card number masked.
    func finding(
        _ code: ReasonCode, _ record: CardDataRecord, field: DetailField, _ message: String,
        severity: Severity = .rejectRecord
    ) -> Finding {
        Finding(code, severity, at: FindingLocation(recordNumber: record.recordNumber, field: field.rawValue),
                cardNumber: record.cardNumber, message: message)
    }
}

