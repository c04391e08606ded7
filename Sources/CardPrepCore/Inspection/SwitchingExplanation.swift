import Foundation

extension SwitchingState {
    /// Why the next lot is inspected at the current severity, in words for the plan and the report.
    public var severityReason: String {
        if isDiscontinued { return "inspection discontinued after 5 lots not accepted on tightened inspection (9.4)" }
        let lastChange = history.last(where: { $0.transition != nil })?.transition
        if let resumed = resumptions.last, lastChange == nil || lastChange?.event == .discontinued {
            return "resumed on tightened inspection by \(resumed.person): \(resumed.reason) (9.4)"
        }
        if let lastChange { return lastChange.reason }
        return "inspection starts on normal inspection (9.1)"
    }
}

extension LotPlan {
    /// The acceptance terms the plan was made from, for re-planning at another severity.
    /// - Parameter basis: what the lot is.
    public func terms(basis: LotBasis) -> AcceptanceTerms {
        func aql(_ defectClass: DefectClass) -> AQL { plan(for: defectClass)?.aql ?? DefaultAcceptance.terms.aql(for: defectClass) }
        return AcceptanceTerms(
            inspectionLevel: level, lotBasis: basis, criticalAQL: aql(.critical), majorAQL: aql(.major), minorAQL: aql(.minor),
            reducedInspectionAllowed: reducedAllowed)
    }
}
