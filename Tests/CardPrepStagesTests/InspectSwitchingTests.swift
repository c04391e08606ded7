import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

@Suite struct InspectSwitchingTests {
    @Test func stagePlansEachBatchOnceWithTheOrdersTerms() throws {
        let fixture = try InspectFixture()
        let stage = InspectStage(pipeline: fixture.pipeline, ledger: fixture.ledger, context: fixture.context)
        let first = try stage.run(jobs: InspectFixture.manifest(batches: 3, cards: 500), acceptance: InspectFixture.terms)
        #expect(first.created.count == 3 && first.existing.isEmpty)
        #expect(first.created[0].size == 500 && first.created[0].severity == .normal)
        let plan = try #require(try fixture.ledger.plan(lotID: first.created[0].lotID)?.plan)
        #expect(plan.termsSource == "order" && plan.plan(for: .major)?.aql == AQL("0.65") && plan.level == .ii)
        let again = try stage.run(jobs: InspectFixture.manifest(batches: 3, cards: 500), acceptance: nil)
        #expect(again.created.isEmpty && again.existing.count == 3)
        #expect(try fixture.ledger.auditEntries().filter { $0.event == "lot.created" }.count == 3)
    }

    /// Critical: normal → tightened → normal → reduced → normal → tightened → discontinued, then resumed on tightened;
    /// major and minor, never found, are switched on their own (ISO 2859-1 clause 9) and go to reduced inspection.
    @Test func scriptedLotsFollowTheSwitchingRules() throws {
        let fixture = try InspectFixture()
        let stage = InspectStage(pipeline: fixture.pipeline, ledger: fixture.ledger, context: fixture.context)
        let lots = try stage.run(jobs: InspectFixture.manifest(batches: 31, cards: 50), acceptance: InspectFixture.terms).created.map(\.lotID)
        let script: [(accept: Bool, severity: InspectionSeverity, event: SwitchingTransition.Event?)] =
            [(false, .normal, nil), (false, .normal, .switchedToTightened)]
            + Array(repeating: (true, .tightened, nil), count: 4) + [(true, .tightened, .switchedToNormal)]
            + Array(repeating: (true, .normal, nil), count: 14) + [(true, .normal, .switchedToReduced)]
            + [(false, .reduced, .switchedToNormal)]
            + [(false, .normal, nil), (false, .normal, .switchedToTightened)]
            + Array(repeating: (false, .tightened, nil), count: 4) + [(false, .tightened, .discontinued)]
        #expect(script.count == 30)
        for (index, step) in script.enumerated() {
            let decision = try fixture.inspect(lots[index], accept: step.accept)
            let critical = try #require(decision.decision.classes.first { $0.defectClass == .critical })
            #expect(decision.accepted == step.accept, "lot \(index + 1)")
            #expect(critical.severity == step.severity, "lot \(index + 1)")
            #expect(critical.transition?.event == step.event, "lot \(index + 1)")
            #expect(try fixture.ledger.plan(lotID: lots[index])?.plan.plan(for: .critical)?.severity == step.severity, "lot \(index + 1) plan")
        }
        let state = try fixture.ledger.classSwitching(customer: "ACME", product: "VISA-CL")
        #expect(state.isDiscontinued && state.discontinuedClasses == [.critical])
        #expect(state[.major].severity == .reduced && state[.minor].severity == .reduced)
        #expect(state[.major].history.allSatisfy(\.accepted) && state[.major].history.count == 30)
        #expect(throws: SamplingError.inspectionDiscontinued) { try fixture.inspect(lots[30], accept: true) }
        let inspection = LotInspection(ledger: fixture.ledger, context: fixture.context)
        let resumed = try inspection.resume(customer: "ACME", product: "VISA-CL", by: "J. Chen", reason: "embosser head replaced")
        #expect(resumed.mapValues(\.event) == [.critical: .resumed] && resumed[.critical]?.severity == .tightened)
        let afterResume = try fixture.inspect(lots[30], accept: true)
        #expect(afterResume.decision.classes.map { $0.severity } == [.tightened, .reduced, .reduced])
        let resumptions = try fixture.ledger.resumptions(customer: "ACME", product: "VISA-CL")
        #expect(resumptions.map(\.person) == ["J. Chen"] && resumptions[0].reason == "embosser head replaced")
        let events = try fixture.ledger.auditEntries().map(\.event)
        #expect(events.contains("switching.discontinued") && events.contains("switching.resumed") && events.contains("switching.switchedToReduced"))
        #expect(try fixture.ledger.verifyAuditChain().isEmpty)
    }

    @Test func recordRefusesResultsThatDoNotMatchTheSample() throws {
        let fixture = try InspectFixture()
        let stage = InspectStage(pipeline: fixture.pipeline, ledger: fixture.ledger, context: fixture.context)
        let lotID = try stage.run(jobs: InspectFixture.manifest(batches: 1, cards: 2000), acceptance: InspectFixture.terms).created[0].lotID
        let inspection = LotInspection(ledger: fixture.ledger, context: fixture.context)
        let (sample, plan) = try inspection.drawSample(lotID: lotID, seed: Array(repeating: 1, count: 32))
        #expect(sample.serials.count == plan.sampleSize && plan.sampleSize == 125)
        var findings = sample.serials.dropFirst().map { InspectionFinding(serial: $0, defectClass: nil, defectCode: "", inspector: "ana") }
        #expect(throws: InspectionError.self) { try fixture.record(lotID, findings: findings) }
        findings.append(.init(serial: sample.serials[0], defectClass: nil, defectCode: "", inspector: "ana"))
        findings.append(.init(serial: "NOT-SAMPLED", defectClass: nil, defectCode: "", inspector: "ana"))
        #expect(throws: InspectionError.self) { try fixture.record(lotID, findings: findings) }
        #expect(try fixture.ledger.decision(lotID: lotID) == nil && (try fixture.ledger.results(lotID: lotID)).isEmpty)
        findings.removeLast()
        let decision = try fixture.record(lotID, findings: findings)
        #expect(decision.accepted && decision.decision.qualificationRate == 100)
        #expect(throws: InspectionError.self) { try fixture.record(lotID, findings: findings) }
    }
}
