/// What moves a drop from one state to another: a stage's work, or a person's decision.
public enum DropAction: String, Codable, Sendable, CaseIterable {
    /// Ingest found the drop complete in the inbox.
    case register
    /// Ingest verified and re-encrypted it.
    case ingest
    /// Ingest refused it.
    case quarantine
    /// Validation passed it.
    case validate
    /// Validation refused it whole.
    case reject
    /// Transform wrote its jobs.
    case issueJobs = "issue-jobs"
    /// The floor's production results arrived.
    case reportProduction = "report-production"
    /// Reconciliation found that everything adds up.
    case reconcile
    /// Reconciliation found a discrepancy.
    case findDiscrepancy = "find-discrepancy"
    /// QA decided every lot.
    case inspect
    /// The bundle is in the vault and the working data destroyed.
    case archive
    /// A stage could not finish.
    case fail
    /// A person took a failed or quarantined drop on again.
    case retry
    /// A person (or a decision that needs one) stopped the drop.
    case hold
    /// A person took a held drop on again.
    case release
    /// A person closed a quarantined drop for good.
    case withdraw
    /// People accepted a reconciliation discrepancy: the drop goes on as reconciled.
    case waive
}

/// The drop lifecycle as a table: for each action, the states it may start from and the state it leads to.
/// `retry` and `release` lead back to the state the drop was failed or held in (its resume state).
public enum DropLifecycle {
    /// The states in which a stage works on a drop (so it can fail, or be held).
    public static let workingStates: Set<DropState> = [
        .received, .ingested, .validated, .rejected, .jobsIssued, .inProduction, .reconciled, .discrepancy, .inspected,
    ]

    /// One row of the table.
    public struct Rule: Sendable {
        /// The states the action may start from; empty for `register`, which starts a drop's history.
        public var from: Set<DropState>
        /// The state it leads to; nil when it leads to the drop's resume state.
        public var to: DropState?
    }

    /// The whole table.
    public static let rules: [DropAction: Rule] = [
        .register: Rule(from: [], to: .received),
        .ingest: Rule(from: [.received], to: .ingested),
        .quarantine: Rule(from: [.received], to: .quarantined),
        .validate: Rule(from: [.ingested], to: .validated),
        .reject: Rule(from: [.ingested], to: .rejected),
        .issueJobs: Rule(from: [.validated], to: .jobsIssued),
        .reportProduction: Rule(from: [.jobsIssued], to: .inProduction),
        .reconcile: Rule(from: [.inProduction, .discrepancy, .reconciled], to: .reconciled),
        .findDiscrepancy: Rule(from: [.inProduction, .discrepancy, .reconciled], to: .discrepancy),
        .inspect: Rule(from: [.reconciled], to: .inspected),
        .archive: Rule(from: [.rejected, .validated, .jobsIssued, .reconciled, .inspected], to: .archived),
        .fail: Rule(from: workingStates, to: .failed),
        .retry: Rule(from: [.failed, .quarantined], to: nil),
        .hold: Rule(from: workingStates.subtracting([.received]), to: .onHold),
        .release: Rule(from: [.onHold], to: nil),
        .withdraw: Rule(from: [.quarantined], to: .withdrawn),
        .waive: Rule(from: [.discrepancy], to: .reconciled),
    ]

    /// The state `action` leads to from `state`, or why it may not.
    /// - Parameters:
    ///   - state: the drop's state now; nil for a drop not registered yet.
    ///   - resume: the state a failed or held drop returns to (for `retry` and `release`).
    /// - Throws: `DropTransitionRefusal` when the table has no such transition.
    public static func target(
        of action: DropAction, from state: DropState?, resume: DropState? = nil
    ) throws(DropTransitionRefusal) -> DropState {
        let rule = rules[action]!
        guard let state else {
            guard rule.from.isEmpty, let to = rule.to else { throw DropTransitionRefusal(action: action, state: nil, allowed: rule.from) }
            return to
        }
        guard rule.from.contains(state) else { throw DropTransitionRefusal(action: action, state: state, allowed: rule.from) }
        if let to = rule.to { return to }
        if action == .retry, state == .quarantined { return .received }
        guard let resume else { throw DropTransitionRefusal(action: action, state: state, allowed: rule.from) }
        return resume
    }
}

/// A transition the lifecycle does not allow: says the drop's state and what the action needs first.
public struct DropTransitionRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var action: DropAction
    /// The drop's state; nil when the drop is not registered.
    public var state: DropState?
    /// The states the action may start from.
    public var allowed: Set<DropState>
    /// The drop, as people name it (`customer/drop (id)`); filled in by whoever knows it.
    public var drop: String?

    /// Creates a refusal.
    public init(action: DropAction, state: DropState?, allowed: Set<DropState>, drop: String? = nil) {
        self.action = action; self.state = state; self.allowed = allowed; self.drop = drop
    }

    public var description: String {
        let subject = drop.map { "drop \($0)" } ?? "the drop"
        let now = state.map { "is \($0.words)" } ?? "is not registered"
        if state?.isFinal == true { return "\(subject) \(now); nothing more can be done with it" }
        let needs = allowed.sorted().map(\.words)
        let list = needs.count > 1 ? needs.dropLast().joined(separator: ", ") + " or " + needs.last! : needs.first ?? "registered"
        return "\(subject) \(now); \(action.rawValue) needs it to be \(list) first"
    }
}
