import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// A lot's decision is recorded on the `qa.decide` statement its inspector signed, and only on the statement of that
/// very decision.
@Suite struct InspectSignedDecisionTests {
    /// A fixture with two planned lots whose samples are drawn, and the conforming results of each.
    func sampledLots() throws -> (InspectFixture, [String], [[InspectionFinding]]) {
        let fixture = try InspectFixture()
        let stage = InspectStage(pipeline: fixture.pipeline, ledger: fixture.ledger, context: fixture.context)
        let lots = try stage.run(jobs: InspectFixture.manifest(batches: 2, cards: 500), acceptance: InspectFixture.terms).created.map(\.lotID)
        let inspection = LotInspection(ledger: fixture.ledger, context: fixture.context)
        let findings = try lots.map { lot in
            try inspection.drawSample(lotID: lot, seed: Array(repeating: 3, count: 32)).sample.serials.map {
                InspectionFinding(serial: $0, defectClass: nil, defectCode: "", inspector: "ana")
            }
        }
        return (fixture, lots, findings)
    }

    @Test func theStatementNamesTheInspectorTheResultsAndEachClass() throws {
        let (fixture, lots, findings) = try sampledLots()
        var results = findings[0]
        results.append(.init(serial: results[0].serial, defectClass: .minor, defectCode: "PRT-02", inspector: "ana"))
        let pending = try fixture.decide(
            LotInspection(ledger: fixture.ledger, context: fixture.context), lots[0], findings: results,
            resultsDigest: String(repeating: "a", count: 64))
        let statement = try pending.request(pipeline: fixture.pipeline, inspector: "ana", reason: "sample inspected")
            .statement(at: Date(timeIntervalSince1970: 1_790_000_000), nonce: String(repeating: "0", count: 32))
        #expect(statement.action == "qa.decide" && statement.subject == "lot \(lots[0])")
        #expect(statement.fields.map(\.name) == ["inspector", "results-sha256", "severity", "critical", "major", "minor", "decision"])
        for item in pending.decision.classes {
            let verdict = item.accepted ? "accept" : "reject"
            let expected = "n=\(item.inspected) Ac=\(item.acceptNumber) Re=\(item.rejectNumber) found=\(item.nonconforming) \(verdict)"
            #expect(statement.field(item.defectClass.rawValue) == expected, "\(statement.text)")
        }
        #expect(pending.decision.classes.first { $0.defectClass == .minor }?.nonconforming == 1)
        #expect(statement.field("decision") == "accepted" && statement.field("results-sha256") == String(repeating: "a", count: 64))
    }

    @Test func theDecisionIsRecordedWithTheInspectorAndTheirStatement() throws {
        let (fixture, lots, findings) = try sampledLots()
        let decision = try fixture.record(lots[0], findings: findings[0])
        #expect(decision.recordedBy == "ana" && decision.inspectorName == "Ana Lima")
        let digest = try #require(decision.statement)
        #expect(decision.inspectorKey == fixture.inspectorKey.publicKey.fingerprint)
        let kept = try #require(try fixture.ledger.signedStatement(digest: digest))
        #expect(kept.action == "qa.decide" && kept.subject == "lot \(lots[0])" && kept.signers == "inspector=ana")
        #expect(try fixture.ledger.decision(lotID: lots[0]) == decision)
        let event = try #require(try fixture.ledger.auditEntries().last { $0.event == "lot.accepted" })
        #expect(event.actor == "ana" && event.details.contains("statement=\(digest)") && event.details.contains("inspector=ana"))
        #expect(event.key.contains(fixture.inspectorKey.publicKey.fingerprint))
        #expect(try fixture.ledger.verifyAuditChain().isEmpty)
    }

    @Test func aStatementOfAnotherLotOrOtherResultsIsRefusedAndNothingRecorded() throws {
        let (fixture, lots, findings) = try sampledLots()
        let inspection = LotInspection(ledger: fixture.ledger, context: fixture.context)
        let first = try fixture.decide(inspection, lots[0], findings: findings[0], resultsDigest: "11")
        let second = try fixture.decide(inspection, lots[1], findings: findings[1], resultsDigest: "22")
        let ofTheFirstLot = try fixture.signedStatement(first)
        #expect {
            try inspection.record(second, approval: ofTheFirstLot)
        } throws: { error in
            guard case let .otherRequest(field, _, _)? = error as? StatementRefusal else { return false }
            return field == "subject"
        }
        let changed = try fixture.decide(inspection, lots[0], findings: findings[0], resultsDigest: "33")
        #expect {
            try inspection.record(changed, approval: ofTheFirstLot)
        } throws: { error in
            guard case let .otherRequest(field, asked, found)? = error as? StatementRefusal else { return false }
            return field == "results-sha256" && asked == "33" && found == "11"
        }
        for lot in lots {
            #expect(try fixture.ledger.decision(lotID: lot) == nil && (try fixture.ledger.results(lotID: lot)).isEmpty)
        }
        #expect(try fixture.ledger.signedStatement(digest: ofTheFirstLot.digest) == nil)
        #expect(try !fixture.ledger.auditEntries().contains { $0.event.hasPrefix("lot.") && $0.event != "lot.created" && $0.event != "lot.sampled" })
    }

    @Test func everyResultsLineNamesARegisteredInspector() throws {
        let register = try PersonRegister(people: [
            Person(id: "ana", name: "Ana", department: .qa, roles: ["qa-inspector"], keys: []),
            Person(id: "alice", name: "Alice", department: .security, roles: ["security"], keys: []),
        ])
        let inspector = DutyRequirement(role: "qa-inspector")
        let line = { (who: String) in InspectionResults(findings: [.init(serial: "S1", defectClass: nil, defectCode: "", inspector: who)]) }
        try line("ana").checkInspectors(in: register, requirement: inspector)
        #expect(throws: InspectionError.self) { try line("alice").checkInspectors(in: register, requirement: inspector) }
        #expect(throws: InspectionError.self) { try line("Ana Lima").checkInspectors(in: register, requirement: inspector) }
    }

    @Test func aLotIsNotDecidedFromResultsNamingAnUnregisteredInspector() throws {
        let (fixture, lots, findings) = try sampledLots()
        var results = findings[0]
        results[3].inspector = "Ana L."
        #expect(throws: InspectionError.self) {
            try fixture.decide(LotInspection(ledger: fixture.ledger, context: fixture.context), lots[0], findings: results, resultsDigest: "1")
        }
    }
}
