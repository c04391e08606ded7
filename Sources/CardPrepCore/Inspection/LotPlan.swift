import Foundation

/// The plan of one defect class within a lot's plan.
public struct ClassPlan: Sendable, Equatable, Codable {
    public var defectClass: DefectClass
    public var aql: AQL
    /// The severity the class's switching state gave (ISO 2859-1 clause 9 switches each class on its own); nil in plans
    /// made before classes were switched separately: the lot plan's severity.
    public var severity: InspectionSeverity?
    /// Why, for this class; nil as above.
    public var severityReason: String?
    /// The single sampling plan for this class's AQL.
    public var plan: SamplingPlan
    /// The plan with the AQL one step tighter, for the switching score (nil at 0.010).
    public var tighterPlan: SamplingPlan?

    /// Cards of the sample this class is judged on: the first `inspected` serials of the pick list.
    public func inspected(lotSize: Int) -> Int { plan.inspectAll ? lotSize : min(plan.sampleSize, lotSize) }
}

/// A lot's sampling plan: one single sampling plan per defect class, at the severity the switching rules
/// gave when the plan was made, and why.
///
/// The sample drawn is the largest any class needs; each class is judged on the first cards drawn, as many
/// as its own plan says, so a smaller plan's sample is a random sample too.
public struct LotPlan: Sendable, Equatable, Codable {
    public var level: InspectionLevel
    public var edition: SamplingEdition
    public var severity: InspectionSeverity
    /// Why this severity applies (the last switching transition, or the start on normal inspection).
    public var severityReason: String
    /// Where the AQLs came from: `order`, `profile` or `defaults`.
    public var termsSource: String
    /// Whether the switching rules may move to reduced inspection.
    public var reducedAllowed: Bool
    /// Critical, major and minor, in that order.
    public var classes: [ClassPlan]
    /// The cards to draw: the largest a class needs, never more than the lot.
    public var sampleSize: Int

    /// Makes the plan of a lot.
    /// - Parameters:
    ///   - lotSize: cards in the lot.
    ///   - terms: the acceptance terms in force.
    ///   - termsSource: where they came from (`order`, `profile`, `defaults`).
    ///   - severity: the severity of inspection the switching state gives.
    ///   - severityReason: why.
    ///   - edition: the tables to use.
    /// - Throws: `SamplingError` for a lot size below 1.
    public init(
        lotSize: Int, terms: AcceptanceTerms, termsSource: String, severity: InspectionSeverity, severityReason: String,
        edition: SamplingEdition = .iso2859_1
    ) throws(SamplingError) {
        var same: [DefectClass: (severity: InspectionSeverity, reason: String)] = [:]
        for defectClass in DefectClass.allCases { same[defectClass] = (severity, severityReason) }
        try self.init(lotSize: lotSize, terms: terms, termsSource: termsSource, classSeverities: same, edition: edition)
    }

    /// Makes the plan of a lot with each class at its own severity, all from the same sample size code letter.
    /// - Parameters:
    ///   - classSeverities: each class's severity and why (a class not named: normal inspection).
    ///   - others: as above.
    /// - Throws: `SamplingError` for a lot size below 1.
    public init(
        lotSize: Int, terms: AcceptanceTerms, termsSource: String,
        classSeverities: [DefectClass: (severity: InspectionSeverity, reason: String)], edition: SamplingEdition = .iso2859_1
    ) throws(SamplingError) {
        var classes: [ClassPlan] = []
        for defectClass in DefectClass.allCases {
            let (severity, reason) = classSeverities[defectClass] ?? (.normal, "inspection starts on normal inspection (9.1)")
            let aql = terms.aql(for: defectClass)
            let plan = try SamplingTables.plan(lotSize: lotSize, level: terms.inspectionLevel, aql: aql, severity: severity, edition: edition)
            var tighter: SamplingPlan?
            if let tighterAQL = aql.oneStepTighter {
                tighter = try SamplingTables.plan(
                    lotSize: lotSize, level: terms.inspectionLevel, aql: tighterAQL, severity: severity, edition: edition)
            }
            classes.append(ClassPlan(defectClass: defectClass, aql: aql, severity: severity, severityReason: reason, plan: plan,
                                     tighterPlan: tighter))
        }
        let severities = Set(classes.compactMap(\.severity))
        let overall: InspectionSeverity = severities.count == 1 ? severities.first!
            : severities.contains(.tightened) ? .tightened : .normal
        self.level = terms.inspectionLevel; self.edition = edition; self.severity = overall
        self.severityReason = severities.count == 1 ? classes.compactMap(\.severityReason).first ?? ""
            : "classes switched separately (9): " + classes.map { "\($0.defectClass.rawValue) \($0.severity!.rawValue)" }.joined(separator: ", ")
        self.termsSource = termsSource
        self.reducedAllowed = terms.reducedInspectionAllowed ?? false
        self.classes = classes
        self.sampleSize = classes.map { $0.inspected(lotSize: lotSize) }.max() ?? 0
    }

    /// The plan of one class.
    public func plan(for defectClass: DefectClass) -> ClassPlan? { classes.first { $0.defectClass == defectClass } }

    /// The severity each class was planned at.
    public var classSeverities: [DefectClass: InspectionSeverity] {
        Dictionary(uniqueKeysWithValues: classes.map { ($0.defectClass, $0.severity ?? severity) })
    }
}
