/// The dual-control rules of a pipeline and how old a statement may be when it is used.
public struct DualControlPolicy: Sendable, Equatable {
    /// How long after it was printed a statement may be used: 30 minutes unless the pipeline says otherwise.
    public static let defaultStatementMaxAge: Duration = .seconds(30 * 60)
    /// How far ahead of this machine's clock a statement's time may be (clocks of other machines drift).
    public static let clockSkew: Duration = .seconds(5 * 60)

    /// How long after it was printed a statement may be used.
    public var statementMaxAge: Duration
    private var rules: [ControlledAction: DualControlRule]

    /// The documented defaults: every action's `defaultRule`, statements valid for 30 minutes.
    public init(statementMaxAge: Duration = defaultStatementMaxAge) {
        self.statementMaxAge = statementMaxAge
        self.rules = Dictionary(uniqueKeysWithValues: ControlledAction.allCases.map { ($0, $0.defaultRule) })
    }

    /// The rule for `action`.
    public func rule(for action: ControlledAction) -> DualControlRule { rules[action] ?? action.defaultRule }

    /// The rule a request's statement is signed under: its action's, joined with the rules of the actions it also
    /// carries (`StatementRequest.including`).
    public func rule(for request: StatementRequest) -> DualControlRule {
        request.including.reduce(rule(for: request.action)) { $0.joined(with: rule(for: $1)) }
    }

    /// Replaces the rule of its action.
    public mutating func set(_ rule: DualControlRule) { rules[rule.action] = rule }
}
