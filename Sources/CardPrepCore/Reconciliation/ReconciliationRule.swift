import Foundation

/// A reconciliation rule: a small type with an identifier, a summary and its own examples of inputs that pass
/// and fail, so that one test runs them all.
public protocol ReconciliationRule: Sendable {
    /// The rule's stable identifier (kebab-case).
    var id: String { get }
    /// What the rule checks, in one sentence.
    var summary: String { get }
    /// Inputs that pass and inputs that fail, built from `ReconciliationExamples.clean`.
    var examples: [ReconciliationExample] { get }
    /// Checks one order's input.
    /// - Returns: the findings, empty when everything adds up.
    func check(_ input: ReconciliationInput) -> [ReconciliationFinding]
}

/// An input with the codes a rule must find in it: none for a passing example.
public struct ReconciliationExample: Sendable {
    public var input: ReconciliationInput
    /// The codes the rule must report, in order; empty when the input passes.
    public var expected: [ReconciliationCode]
    /// What the example shows.
    public var note: String

    /// An input the rule lets through.
    public static func passes(_ input: ReconciliationInput, _ note: String) -> ReconciliationExample {
        ReconciliationExample(input: input, expected: [], note: note)
    }

    /// An input in which the rule finds `codes`.
    public static func fails(_ input: ReconciliationInput, _ codes: ReconciliationCode..., note: String) -> ReconciliationExample {
        ReconciliationExample(input: input, expected: codes, note: note)
    }
}

/// Reconciles an order's production and deliveries against the order, the stock register and destruction records.
public enum Reconciliation {
    /// Every rule, in the order findings are reported.
    public static let rules: [any ReconciliationRule] = [
        LineQuantityRule(), BatchBranchRule(), BatchCompletenessRule(), SerialUniquenessRule(), StockIssueRule(),
        DeliveryQuantityRule(), ShippedTwiceRule(), DestructionSignedRule(), DestructionWitnessRule(), DestructionQuantityRule(),
        PendingDestructionRule(), StockCountRule(), DeliveryReceiptRule(), DispatchDueRule(), ShipmentBoxRule(),
        DestructionShippedRule(), DestructionUnknownSerialRule(), DestructionBeforeSpoilRule(), DestructionCCTVRule(),
        StockFutureRule(), ShippingPlanRule(),
    ]

    /// Runs every rule over one order.
    /// - Returns: every discrepancy; empty when the order reconciles.
    public static func run(_ input: ReconciliationInput) -> [ReconciliationFinding] {
        rules.flatMap { $0.check(input) }
    }

    /// Runs every rule over one order's production, deliveries, destructions and stock movements at `now`.
    /// - Returns: every discrepancy; empty when the order reconciles.
    public static func run(
        order: Order, jobs: JobManifest, production: [ProductionResult], shipments: [ShipmentLine],
        destructions: [DestructionRecord], signedDestructions: [SignedDestruction] = [], stock: [StockMovement] = [],
        now: Date
    ) -> [ReconciliationFinding] {
        run(ReconciliationInput(order: order, jobs: jobs, production: production, shipments: shipments,
                                destructions: destructions, signedDestructions: signedDestructions, stock: stock, now: now))
    }
}
