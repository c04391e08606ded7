import Foundation

/// The decision on one defect class: nonconforming cards found against the class's Ac and Re.
public struct ClassDecision: Sendable, Equatable, Codable {
    public var defectClass: DefectClass
    public var aql: AQL
    /// Cards judged for this class (the first of the pick list).
    public var inspected: Int
    public var acceptNumber: Int
    public var rejectNumber: Int
    /// Cards with at least one defect of this class among those judged.
    public var nonconforming: Int
    /// Accepted at ≤ Ac; not accepted at ≥ Re; accepted between them (Z1.4 reduced), with normal inspection reinstated.
    public var accepted: Bool
    /// True when the count fell between Ac and Re (only the Z1.4 reduced table has such gaps).
    public var betweenAcceptAndReject: Bool
    /// Whether the class would have been accepted with the AQL one step tighter (for the switching score).
    public var acceptedAtTighterAQL: Bool
    /// The severity the class was judged under (its own switching state); nil in decisions recorded before classes
    /// were switched separately.
    public var severity: InspectionSeverity?
    /// The change the lot made to the class's switching state, if any.
    public var transition: SwitchingTransition?
}

/// The decision on a lot: per class, the lot's, and its qualification rate.
public struct LotDecision: Sendable, Equatable, Codable {
    public var lotID: String
    public var classes: [ClassDecision]
    /// Accepted when every class is accepted.
    public var accepted: Bool
    /// Cards inspected (the sample).
    public var inspected: Int
    /// Inspected cards with any defect.
    public var defective: Int
    /// Conforming cards as a share of the cards inspected, in percent.
    public var qualificationRate: Double
    /// Who inspected, sorted.
    public var inspectors: [String]

    /// Decides a lot from its plan, pick list and results; checks coverage first.
    /// - Parameters:
    ///   - lotID: the lot.
    ///   - lotSize: its cards.
    ///   - plan: its plan.
    ///   - sample: the pick list, in draw order.
    ///   - results: what the inspectors found.
    /// - Throws: `InspectionError.sampleMismatch` when a sampled card was not inspected or another one was.
    public init(lotID: String, lotSize: Int, plan: LotPlan, sample: [String], results: InspectionResults) throws(InspectionError) {
        try results.checkCoverage(of: sample, lot: lotID)
        var classes: [ClassDecision] = []
        for classPlan in plan.classes {
            let judged = Set(sample.prefix(classPlan.inspected(lotSize: lotSize)))
            let found = Set(results.findings.filter { $0.defectClass == classPlan.defectClass && judged.contains($0.serial) }.map(\.serial))
            let count = found.count
            let sampling = classPlan.plan
            let tighterAc = classPlan.tighterPlan?.acceptNumber ?? -1
            classes.append(ClassDecision(
                defectClass: classPlan.defectClass, aql: classPlan.aql, inspected: judged.count,
                acceptNumber: sampling.acceptNumber, rejectNumber: sampling.rejectNumber, nonconforming: count,
                accepted: count < sampling.rejectNumber, betweenAcceptAndReject: count > sampling.acceptNumber && count < sampling.rejectNumber,
                acceptedAtTighterAQL: count <= tighterAc, severity: classPlan.severity ?? plan.severity))
        }
        let defective = Set(results.findings.filter { $0.defectClass != nil }.map(\.serial)).count
        self.lotID = lotID
        self.classes = classes
        self.accepted = classes.allSatisfy(\.accepted)
        self.inspected = sample.count
        self.defective = defective
        self.qualificationRate = sample.isEmpty ? 100 : Double(sample.count - defective) * 100 / Double(sample.count)
        self.inspectors = Array(Set(results.findings.map(\.inspector))).sorted()
    }

    /// The outcome to give the switching rules: a lot accepted between Ac and Re counts as not accepted on
    /// reduced inspection, so that normal inspection is reinstated (Z1.4).
    public var acceptedForSwitching: Bool { accepted && !classes.contains(where: \.betweenAcceptAndReject) }

    /// The smallest Ac of the classes: the switching score uses the strictest plan.
    public var switchingAcceptNumber: Int { classes.map(\.acceptNumber).min() ?? 0 }

    /// Whether every class would have been accepted with its AQL one step tighter.
    public var acceptedAtTighterAQL: Bool { classes.allSatisfy(\.acceptedAtTighterAQL) }
}
