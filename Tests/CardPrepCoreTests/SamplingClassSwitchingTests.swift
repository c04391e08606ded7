import Foundation
import Testing
@testable import CardPrepCore

/// ISO 2859-1:1999 clause 9 applies the switching rules to each class of nonconformity separately: lots of 2000 cards at
/// level II (code letter K, n = 125), AQL critical 0.65, major 1.0, minor 2.5; normal K gives Ac/Re 2/3, 3/4, 7/8 and
/// tightened K 1/2, 2/3, 5/6 (Tables 2-A and 2-B).
@Suite struct SamplingClassSwitchingTests {
    let terms = AcceptanceTerms(inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.65")!, majorAQL: AQL("1.0")!,
                                minorAQL: AQL("2.5")!)
    let sample = (1...125).map { "S\($0)" }

    /// The plan the next lot gets from `state`.
    func plan(_ state: ClassSwitching) throws -> LotPlan {
        try LotPlan(lotSize: 2000, terms: terms, termsSource: "order", classSeverities: state.planSeverities)
    }

    /// A lot's decision with `major` cards of the sample having a major defect (and `critical` a critical one).
    func decide(_ plan: LotPlan, major: Int = 0, critical: Int = 0) throws -> LotDecision {
        var findings = sample.map { InspectionFinding(serial: $0, defectClass: nil, defectCode: "", inspector: "ana") }
        for index in 0..<major { findings.append(.init(serial: sample[index], defectClass: .major, defectCode: "EMB-01", inspector: "ana")) }
        for index in 0..<critical { findings.append(.init(serial: sample[index], defectClass: .critical, defectCode: "CHIP-01", inspector: "ana")) }
        return try LotDecision(lotID: "L", lotSize: 2000, plan: plan, sample: sample, results: InspectionResults(findings: findings))
    }

    /// Decides one lot on the current plan and records it.
    @discardableResult
    func lot(_ state: inout ClassSwitching, major: Int = 0, critical: Int = 0) throws -> (LotDecision, [DefectClass: SwitchingTransition]) {
        let plan = try plan(state)
        let decision = try decide(plan, major: major, critical: critical)
        return (decision, try state.record(decision, plan: plan))
    }

    @Test func twoOfFiveMajorLotsNotAcceptedTightenMajorOnlyAndFiveAcceptedBringItBack() throws {
        var state = ClassSwitching()
        let (first, none) = try lot(&state, major: 4)
        #expect(!first.accepted && none.isEmpty)
        try lot(&state)
        let (third, changes) = try lot(&state, major: 4)
        #expect(!third.accepted)
        #expect(changes.mapValues(\.event) == [.major: .switchedToTightened])
        #expect(state.severities == [.critical: .normal, .major: .tightened, .minor: .normal])

        // The next lot: one code letter, each class's own table: major tightened 2/3, the others normal.
        let next = try plan(state)
        #expect(next.plan(for: .major)?.plan.acceptNumber == 2 && next.plan(for: .major)?.plan.rejectNumber == 3)
        #expect(next.plan(for: .critical)?.plan.acceptNumber == 2 && next.plan(for: .minor)?.plan.acceptNumber == 7)
        #expect(Set(next.classes.map(\.plan.codeLetter)) == [.k])
        #expect(next.severity == .tightened && next.classSeverities[.critical] == .normal)
        // 3 major cards: accepted under normal (Ac 3), not under tightened (Re 3); the lot needs every class.
        let judged = try decide(next, major: 3)
        #expect(!judged.accepted && judged.classes.first { $0.defectClass == .major }?.severity == .tightened)
        #expect(judged.classes.filter(\.accepted).map(\.defectClass) == [.critical, .minor])
        #expect(try state.record(judged, plan: next).isEmpty)

        // 5 consecutive lots accepted on tightened inspection: major back to normal (9.3.2).
        for _ in 0..<4 { #expect(try lot(&state).1.isEmpty) }
        #expect(try lot(&state).1.mapValues(\.event) == [.major: .switchedToNormal])
        #expect(state.severities.values.allSatisfy { $0 == .normal })
        // Critical and minor never left normal inspection.
        #expect(state[.critical].history.allSatisfy { $0.severity == .normal && $0.transition == nil })
    }

    @Test func fiveMajorLotsNotAcceptedOnTightenedDiscontinueInspection() throws {
        var state = ClassSwitching()
        try lot(&state, major: 4)
        try lot(&state, major: 4)
        for _ in 0..<4 { try lot(&state, major: 3) }
        #expect(try lot(&state, major: 3).1.mapValues(\.event) == [.major: .discontinued])
        #expect(state.isDiscontinued && state.discontinuedClasses == [.major])
        let plan = try plan(state)
        #expect(throws: SamplingError.inspectionDiscontinued) { try state.record(try decide(plan), plan: plan) }
        let resumed = try state.resume(by: "QA manager", reason: "embosser head replaced")
        #expect(resumed.mapValues(\.event) == [.major: .resumed])
        #expect(state.severities == [.critical: .normal, .major: .tightened, .minor: .normal])
        #expect(throws: SamplingError.notDiscontinued) { try state.resume(by: "QA manager", reason: "again") }
    }

    /// A lot sampled on normal inspection and decided after two later lots tightened major: judged by its own plan
    /// (major Ac 3), recorded under normal for major, and not counted as a lot on tightened inspection.
    @Test func aStalePlanIsJudgedAndRecordedByItsOwnSeverityPerClass() throws {
        var state = ClassSwitching()
        let stale = try plan(state)
        try lot(&state, major: 4)
        try lot(&state, major: 4)
        #expect(state[.major].severity == .tightened)
        let late = try decide(stale, major: 3)
        #expect(late.accepted, "judged by the plan its sample was drawn under: major Ac 3")
        #expect(try state.record(late, plan: stale).isEmpty)
        #expect(state[.major].history.last?.severity == .normal)
        #expect(state[.major].consecutiveAcceptedOnTightened == 0)
        // Four lots accepted on tightened are not enough: the stale lot was not the fifth.
        for _ in 0..<4 { #expect(try lot(&state).1.isEmpty) }
        #expect(try lot(&state).1.mapValues(\.event) == [.major: .switchedToNormal])
    }

    @Test func aStateKeptForTheProductCarriesOverToEachClass() throws {
        var product = SwitchingState()
        _ = try product.record(lotAccepted: false, acceptNumber: 0, wouldAcceptAtTighterAQL: false, reducedEnabled: false)
        _ = try product.record(lotAccepted: false, acceptNumber: 0, wouldAcceptAtTighterAQL: false, reducedEnabled: false)
        let carried = ClassSwitching(every: product)
        #expect(carried.severities == [.critical: .tightened, .major: .tightened, .minor: .tightened])
        let encoded = try JSONEncoder().encode(carried)
        #expect(try JSONDecoder().decode(ClassSwitching.self, from: encoded) == carried)
        #expect(ClassSwitching().summary == "critical normal, major normal, minor normal")
    }
}
