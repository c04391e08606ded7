import Foundation

/// The switching state of each class of nonconformity (critical, major, minor) of one customer and product.
///
/// ISO 2859-1:1999 clause 9 applies the switching rules to each class separately: a class whose lots keep failing
/// goes to tightened inspection while the others stay where they are, and each class's sample is judged with its own
/// Ac and Re from the same sample size code letter. A lot is accepted only when every class accepts it; inspection is
/// discontinued when any class is.
public struct ClassSwitching: Sendable, Equatable, Codable {
    /// Each class's state; a class never recorded starts on normal inspection.
    public private(set) var states: [DefectClass: SwitchingState]

    /// Every class on normal inspection (clause 9.1).
    public init() { states = [:] }

    /// Every class starting from `state`: how a state kept for the product as a whole carries over to its classes.
    public init(every state: SwitchingState) {
        states = Dictionary(uniqueKeysWithValues: DefectClass.allCases.map { ($0, state) })
    }

    /// The state of one class.
    public subscript(_ defectClass: DefectClass) -> SwitchingState {
        get { states[defectClass] ?? SwitchingState() }
        set { states[defectClass] = newValue }
    }

    /// The severity of the next lot for each class.
    public var severities: [DefectClass: InspectionSeverity] {
        Dictionary(uniqueKeysWithValues: DefectClass.allCases.map { ($0, self[$0].severity) })
    }

    /// Each class's severity and why, as a lot's plan takes them.
    public var planSeverities: [DefectClass: (severity: InspectionSeverity, reason: String)] {
        var severities: [DefectClass: (severity: InspectionSeverity, reason: String)] = [:]
        for defectClass in DefectClass.allCases { severities[defectClass] = (self[defectClass].severity, self[defectClass].severityReason) }
        return severities
    }

    /// Whether inspection is discontinued: one class is enough (clause 9.4).
    public var isDiscontinued: Bool { DefectClass.allCases.contains { self[$0].isDiscontinued } }

    /// The classes that are discontinued.
    public var discontinuedClasses: [DefectClass] { DefectClass.allCases.filter { self[$0].isDiscontinued } }

    /// Records one decided lot class by class, each with its own outcome, Ac and plan severity.
    /// - Parameters:
    ///   - decision: the lot's decision.
    ///   - plan: the plan its sample was drawn and judged under.
    /// - Returns: the change each class made, for the classes that changed.
    /// - Throws: `SamplingError.inspectionDiscontinued` while any class is discontinued (nothing is recorded then).
    @discardableResult
    public mutating func record(_ decision: LotDecision, plan: LotPlan) throws(SamplingError) -> [DefectClass: SwitchingTransition] {
        guard !isDiscontinued else { throw .inspectionDiscontinued }
        var changes: [DefectClass: SwitchingTransition] = [:]
        for judged in decision.classes {
            let classPlan = plan.plan(for: judged.defectClass)
            var state = self[judged.defectClass]
            let change = try state.record(
                lotAccepted: judged.accepted && !judged.betweenAcceptAndReject, acceptNumber: judged.acceptNumber,
                wouldAcceptAtTighterAQL: judged.acceptedAtTighterAQL, reducedEnabled: plan.reducedAllowed,
                inspectedUnder: classPlan?.severity ?? plan.severity)
            self[judged.defectClass] = state
            if let change { changes[judged.defectClass] = change }
        }
        return changes
    }

    /// Resumes every discontinued class on tightened inspection (clause 9.4).
    /// - Returns: the change of each class resumed.
    /// - Throws: `SamplingError.notDiscontinued` when no class is discontinued, `.missingResumeDetails`.
    public mutating func resume(by person: String, reason: String) throws(SamplingError) -> [DefectClass: SwitchingTransition] {
        let discontinued = discontinuedClasses
        guard !discontinued.isEmpty else { throw .notDiscontinued }
        var changes: [DefectClass: SwitchingTransition] = [:]
        for defectClass in discontinued {
            var state = self[defectClass]
            changes[defectClass] = try state.resume(by: person, reason: reason)
            self[defectClass] = state
        }
        return changes
    }

    /// `critical normal, major tightened, minor reduced`.
    public var summary: String {
        DefectClass.allCases.map { "\($0.rawValue) \(self[$0].isDiscontinued ? "discontinued" : self[$0].severity.rawValue)" }
            .joined(separator: ", ")
    }

    enum CodingKeys: String, CodingKey { case critical, major, minor }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        states = [:]
        for (key, defectClass) in [(CodingKeys.critical, DefectClass.critical), (.major, .major), (.minor, .minor)] {
            if let state = try container.decodeIfPresent(SwitchingState.self, forKey: key) { states[defectClass] = state }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self[.critical], forKey: .critical)
        try container.encode(self[.major], forKey: .major)
        try container.encode(self[.minor], forKey: .minor)
    }
}
