import Foundation

/// What a recorded lot or a resume did to the inspection of a product.
public struct SwitchingTransition: Sendable, Equatable, Codable {
    /// The kind of change.
    public enum Event: String, Sendable, Equatable, Codable {
        case switchedToTightened, switchedToNormal, switchedToReduced, discontinued, resumed
    }

    /// The change.
    public var event: Event
    /// The severity after the change (tightened for `discontinued` and `resumed`).
    public var severity: InspectionSeverity
    /// Why, in the words of ISO 2859-1:1999 clause 9.
    public var reason: String
}

/// One lot in the switching history.
public struct SwitchingRecord: Sendable, Equatable, Codable {
    /// The severity the lot was inspected under.
    public var severity: InspectionSeverity
    /// Whether the lot was accepted.
    public var accepted: Bool
    /// The switching score after this lot (normal inspection only).
    public var switchingScore: Int
    /// The change this lot caused, if any.
    public var transition: SwitchingTransition?
}

/// The switching rules of ISO 2859-1:1999 clause 9 for one customer and product, kept across lots.
///
/// A pure value: the ledger stores it; `record` and `resume` return the change they made.
/// Z1.4's own normal-to-reduced rule (10 lots and limit numbers) is not modelled: with
/// `--edition z1.4` only the reduced table differs; the switching score is used for both editions.
public struct SwitchingState: Sendable, Equatable, Codable {
    /// The severity of inspection for the next lot.
    public private(set) var severity: InspectionSeverity = .normal
    /// True after 5 lots not accepted on tightened inspection; no lot may be recorded until `resume`.
    public private(set) var isDiscontinued = false
    /// Outcomes of the last (at most 5) lots on normal inspection since normal inspection began.
    public private(set) var recentNormalOutcomes: [Bool] = []
    /// Consecutive lots accepted on tightened inspection.
    public private(set) var consecutiveAcceptedOnTightened = 0
    /// Lots not accepted since tightened inspection began.
    public private(set) var notAcceptedOnTightened = 0
    /// The switching score of clause 9.3.3.2, counted since normal inspection began.
    public private(set) var switchingScore = 0
    /// Every lot recorded, oldest first.
    public private(set) var history: [SwitchingRecord] = []
    /// Who resumed inspection after a discontinuation, and why (latest last).
    public private(set) var resumptions: [Resumption] = []

    /// A recorded decision to resume inspection after a discontinuation.
    public struct Resumption: Sendable, Equatable, Codable {
        /// Who decided.
        public var person: String
        /// The corrective action that justifies resuming.
        public var reason: String
    }

    /// A new product starts on normal inspection (clause 9.1).
    public init() {}

    /// Records the outcome of one lot and applies the switching rules.
    /// - Parameters:
    ///   - lotAccepted: whether the lot was accepted under the current plan.
    ///   - acceptNumber: Ac of the plan the lot was inspected with (for the switching score).
    ///   - wouldAcceptAtTighterAQL: whether the lot would have been accepted with the AQL one step
    ///     tighter (only used when Ac is 2 or more).
    ///   - reducedEnabled: the customer setting that stands for "production steady and the responsible
    ///     authority approves reduced inspection".
    ///   - inspectedUnder: the severity of the plan the lot's sample was drawn and judged under; nil for the current
    ///     one. A lot whose sample was drawn before the severity changed is recorded under its own severity and judged
    ///     by its own plan, but does not move the rules of the new severity, which later lots started.
    /// - Returns: the change the lot caused, or nil.
    /// - Throws: `SamplingError.inspectionDiscontinued` while inspection is discontinued.
    @discardableResult
    public mutating func record(
        lotAccepted: Bool, acceptNumber: Int, wouldAcceptAtTighterAQL: Bool, reducedEnabled: Bool,
        inspectedUnder: InspectionSeverity? = nil
    ) throws(SamplingError) -> SwitchingTransition? {
        guard !isDiscontinued else { throw .inspectionDiscontinued }
        if let inspectedUnder, inspectedUnder != severity {
            history.append(SwitchingRecord(severity: inspectedUnder, accepted: lotAccepted, switchingScore: 0, transition: nil))
            return nil
        }
        let inspectedUnder = severity
        let transition: SwitchingTransition?
        switch severity {
        case .normal:
            transition = recordOnNormal(
                accepted: lotAccepted, acceptNumber: acceptNumber, tighterAccepts: wouldAcceptAtTighterAQL,
                reducedEnabled: reducedEnabled)
        case .tightened: transition = recordOnTightened(accepted: lotAccepted)
        case .reduced:
            transition = lotAccepted ? nil : startNormal(reason: "a lot was not accepted on reduced inspection (9.3.4)")
        }
        let score = inspectedUnder == .normal && transition == nil ? switchingScore : 0
        history.append(
            SwitchingRecord(severity: inspectedUnder, accepted: lotAccepted, switchingScore: score, transition: transition))
        return transition
    }

    /// Resumes inspection after a discontinuation; it restarts on tightened inspection (clause 9.4).
    /// - Parameters:
    ///   - person: who decided to resume (recorded).
    ///   - reason: the corrective action that justifies it (recorded).
    /// - Throws: `SamplingError.notDiscontinued` or `.missingResumeDetails`.
    @discardableResult
    public mutating func resume(by person: String, reason: String) throws(SamplingError) -> SwitchingTransition {
        guard isDiscontinued else { throw .notDiscontinued }
        let who = person.trimmingCharacters(in: .whitespaces)
        let why = reason.trimmingCharacters(in: .whitespaces)
        guard !who.isEmpty, !why.isEmpty else { throw .missingResumeDetails }
        isDiscontinued = false
        resumptions.append(Resumption(person: who, reason: why))
        startTightened()
        return SwitchingTransition(
            event: .resumed, severity: .tightened, reason: "resumed on tightened inspection by \(who): \(why)")
    }

    private mutating func recordOnNormal(
        accepted: Bool, acceptNumber: Int, tighterAccepts: Bool, reducedEnabled: Bool
    ) -> SwitchingTransition? {
        recentNormalOutcomes = Array((recentNormalOutcomes + [accepted]).suffix(5))
        if recentNormalOutcomes.filter({ !$0 }).count >= 2 {
            startTightened()
            return SwitchingTransition(
                event: .switchedToTightened, severity: .tightened,
                reason: "2 of 5 or fewer consecutive lots were not accepted on normal inspection (9.3.1)")
        }
        if acceptNumber >= 2 {
            switchingScore = accepted && tighterAccepts ? switchingScore + 3 : 0
        } else {
            switchingScore = accepted ? switchingScore + 2 : 0
        }
        guard switchingScore >= 30, reducedEnabled else { return nil }
        severity = .reduced
        recentNormalOutcomes = []
        switchingScore = 0
        return SwitchingTransition(
            event: .switchedToReduced, severity: .reduced,
            reason: "switching score reached 30 with production steady and reduced inspection approved (9.3.3)")
    }

    private mutating func recordOnTightened(accepted: Bool) -> SwitchingTransition? {
        if accepted {
            consecutiveAcceptedOnTightened += 1
            guard consecutiveAcceptedOnTightened >= 5 else { return nil }
            return startNormal(reason: "5 consecutive lots were accepted on tightened inspection (9.3.2)")
        }
        consecutiveAcceptedOnTightened = 0
        notAcceptedOnTightened += 1
        guard notAcceptedOnTightened >= 5 else { return nil }
        isDiscontinued = true
        return SwitchingTransition(
            event: .discontinued, severity: .tightened,
            reason: "5 lots were not accepted on tightened inspection: inspection discontinued (9.4)")
    }

    private mutating func startNormal(reason: String) -> SwitchingTransition {
        severity = .normal
        recentNormalOutcomes = []
        switchingScore = 0
        return SwitchingTransition(event: .switchedToNormal, severity: .normal, reason: reason)
    }

    private mutating func startTightened() {
        severity = .tightened
        consecutiveAcceptedOnTightened = 0
        notAcceptedOnTightened = 0
        switchingScore = 0
        recentNormalOutcomes = []
    }
}
