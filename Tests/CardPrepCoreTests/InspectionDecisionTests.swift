import CardPrepCore
import Foundation
import Testing

@Suite struct InspectionDecisionTests {
    /// Lot of 2000 at level II: code letter K, n = 125; major AQL 1.0 gives Ac 3 / Re 4.
    let terms = AcceptanceTerms(inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.65")!, majorAQL: AQL("1.0")!,
                                minorAQL: AQL("2.5")!)
    var sample: [String] { (1...125).map { "S\($0)" } }

    func results(major: Int, minor: Int = 0, extra: [String] = [], dropping: Int = 0) -> InspectionResults {
        var findings = sample.dropLast(dropping).map { InspectionFinding(serial: $0, defectClass: nil, defectCode: "", inspector: "ana") }
        for index in 0..<major { findings.append(.init(serial: sample[index], defectClass: .major, defectCode: "EMB-01", inspector: "ana")) }
        for index in 0..<minor { findings.append(.init(serial: sample[index], defectClass: .minor, defectCode: "PRT-02", inspector: "bo")) }
        for serial in extra { findings.append(.init(serial: serial, defectClass: nil, defectCode: "", inspector: "ana")) }
        return InspectionResults(findings: findings)
    }

    func decide(_ results: InspectionResults) throws -> LotDecision {
        let plan = try LotPlan(lotSize: 2000, terms: terms, termsSource: "order", severity: .normal, severityReason: "start")
        return try LotDecision(lotID: "L1", lotSize: 2000, plan: plan, sample: sample, results: results)
    }

    @Test func acceptAtAcRejectAtRe() throws {
        let atAc = try decide(results(major: 3))
        #expect(atAc.accepted && atAc.classes[1].nonconforming == 3 && atAc.classes[1].acceptNumber == 3)
        let atRe = try decide(results(major: 4))
        #expect(!atRe.accepted && !atRe.classes[1].accepted && atRe.classes[0].accepted && atRe.classes[2].accepted)
    }

    @Test func qualificationRateCountsCardsWithAnyDefect() throws {
        let decision = try decide(results(major: 2, minor: 5))
        #expect(decision.defective == 5 && decision.inspected == 125)
        #expect(abs(decision.qualificationRate - 96.0) < 1e-9)
        #expect(decision.inspectors == ["ana", "bo"])
    }

    @Test func missingOrExtraSerialsAreRefused() throws {
        #expect(throws: InspectionError.sampleMismatch(lot: "L1", missing: ["S125"], unexpected: [])) { try decide(results(major: 0, dropping: 1)) }
        #expect(throws: InspectionError.sampleMismatch(lot: "L1", missing: [], unexpected: ["X9"])) { try decide(results(major: 0, extra: ["X9"])) }
    }

    @Test func resultsFileIsParsed() throws {
        let text = "serial,class,code,inspector\nS1,none,,ana\nS2,major,EMB-01,ana\nS2,minor,PRT-02,ana\n"
        let parsed = try InspectionResults.parse(csv: text, file: "r.csv")
        #expect(parsed.findings.count == 3 && parsed.findings[1].defectClass == .major && parsed.inspectedSerials == ["S1", "S2"])
        #expect(throws: InspectionError.self) { try InspectionResults.parse(csv: "serial,class,code,inspector\nS1,fatal,X,ana", file: "r.csv") }
        #expect(throws: InspectionError.self) { try InspectionResults.parse(csv: "serial,class,code,inspector\nS1,major,,ana", file: "r.csv") }
    }
}
