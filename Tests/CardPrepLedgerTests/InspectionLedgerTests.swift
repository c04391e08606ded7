import CardPrepCore
import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

@Suite struct InspectionLedgerTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("inspection-\(UUID().uuidString).sqlite").path
    let time = Date(timeIntervalSince1970: 1_790_000_000)

    func event(_ name: String) -> AuditEvent { AuditEvent(event: name, actor: "qa", host: "h") }

    func lot(_ id: String) -> Lot {
        Lot(id: id, basis: .batch, dropID: "d1", customer: "ACME", product: "P1", orderID: "PO", contract: "C",
            orderedQuantity: 3, serials: ["\(id)-1", "\(id)-2", "\(id)-3"])
    }

    func plan() throws -> LotPlan {
        try LotPlan(lotSize: 3, terms: DefaultAcceptance.terms, termsSource: "defaults", severity: .normal, severityReason: "start")
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func lotsAndPlansAreRecordedOnceWithAudit(on kind: LedgerStoreKind) throws {
        let ledger = try kind == .sqlite ? Ledger(path: path) : TestLedgers.new(kind)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ledger.recordLot(lot("L1"), plan: plan(), event: event("lot.created"), at: time))
        #expect(try !ledger.recordLot(lot("L1"), plan: plan(), event: event("lot.created"), at: time))
        #expect(try ledger.lot(id: "L1")?.lot == lot("L1"))
        #expect(try ledger.plan(lotID: "L1")?.plan == plan())
        #expect(try ledger.lots(customer: "ACME", product: "P1").map(\.id) == ["L1"])
        #expect(try ledger.auditEntries().map(\.event) == ["lot.created"])
    }

    @Test func switchingStatePersistsAcrossReopening() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let ledger = try Ledger(path: path)
            for id in ["L1", "L2"] {
                try ledger.recordLot(lot(id), plan: plan(), event: event("lot.created"), at: time)
                try ledger.recordSample(
                    LotSampleRecord(lotID: id, seed: String(repeating: "0", count: 64), serials: lot(id).serials, drawnAt: time, drawnBy: "qa"),
                    plan: plan(), event: event("lot.sampled"), at: time)
                let findings = [InspectionFinding(serial: "\(id)-1", defectClass: .critical, defectCode: "X", inspector: "ana")]
                    + ["\(id)-2", "\(id)-3"].map { InspectionFinding(serial: $0, defectClass: nil, defectCode: "", inspector: "ana") }
                let decision = try LotDecision(lotID: id, lotSize: 3, plan: plan(), sample: lot(id).serials,
                                               results: InspectionResults(findings: findings))
                var state = try ledger.classSwitching(customer: "ACME", product: "P1")
                let transition = try state.record(decision, plan: plan())[.critical]
                try ledger.recordDecision(
                    LotDecisionRecord(lot: lot(id), severity: .normal, decision: decision, transition: transition, decidedAt: time, recordedBy: "qa"),
                    findings: findings, state: state, events: [event("lot.rejected")], at: time)
            }
        }
        let reopened = try Ledger(path: path)
        let state = try reopened.classSwitching(customer: "ACME", product: "P1")
        #expect(state[.critical].severity == .tightened && state[.critical].history.count == 2)
        // Classes are switched on their own: major and minor accepted both lots.
        #expect(state[.major].severity == .normal && state[.minor].severity == .normal && state[.major].history.count == 2)
        #expect(try reopened.classSwitching(customer: "ACME", product: "P2").severities.values.allSatisfy { $0 == .normal })
        #expect(try reopened.decisions(customer: "ACME", product: "P1").map(\.lotID) == ["L1", "L2"])
        #expect(try reopened.results(lotID: "L2").count == 3)
        #expect(try reopened.decision(lotID: "L2")?.transition?.event == .switchedToTightened)
        #expect(throws: LedgerError.self) {
            try reopened.resumeInspection(customer: "ACME", product: "P1", by: "x", reason: "y", event: event("switching.resumed"), at: time)
        }
        #expect(try reopened.verifyAuditChain().isEmpty)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aSignedDecisionKeepsItsStatementWhichIsUsedOnce(on kind: LedgerStoreKind) throws {
        let ledger = try kind == .sqlite ? Ledger(path: path) : TestLedgers.new(kind)
        defer { try? FileManager.default.removeItem(atPath: path) }
        func statement(_ digest: String) -> SignedStatementRecord {
            SignedStatementRecord(
                digest: digest, action: "qa.decide", subject: "lot L1", nonce: digest.prefix(32).description, requestedAt: time,
                acceptedAt: time, signers: "inspector=carol", keys: "carol SHA256:carol", text: "statement", signatures: "sig")
        }
        var decisions: [LotDecisionRecord] = []
        for id in ["L1", "L2"] {
            try ledger.recordLot(lot(id), plan: plan(), event: event("lot.created"), at: time)
            try ledger.recordSample(
                LotSampleRecord(lotID: id, seed: String(repeating: "0", count: 64), serials: lot(id).serials, drawnAt: time, drawnBy: "system"),
                plan: plan(), event: event("lot.sampled"), at: time)
            let findings = lot(id).serials.map { InspectionFinding(serial: $0, defectClass: nil, defectCode: "", inspector: "carol") }
            let decision = try LotDecision(
                lotID: id, lotSize: 3, plan: plan(), sample: lot(id).serials, results: InspectionResults(findings: findings))
            decisions.append(
                LotDecisionRecord(
                    lot: lot(id), severity: .normal, decision: decision, transition: nil, decidedAt: time, recordedBy: "carol",
                    signature: LotDecisionSignature(statement: String(repeating: "a", count: 64), inspectorName: "Carol", inspectorKey: "SHA256:carol")))
        }
        let signed = statement(String(repeating: "a", count: 64))
        try ledger.recordDecision(decisions[0], findings: [], state: ClassSwitching(), events: [event("lot.accepted")], statement: signed, at: time)
        let kept = try #require(try ledger.decision(lotID: "L1"))
        #expect(kept.recordedBy == "carol" && kept.signature?.inspectorName == "Carol" && kept.statement == signed.digest)
        #expect(try ledger.signedStatement(digest: signed.digest) == signed)
        // The same statement for another decision is refused, and nothing of that decision is recorded.
        #expect(throws: LedgerError.self) {
            try ledger.recordDecision(decisions[1], findings: [], state: ClassSwitching(), events: [event("lot.accepted")], statement: signed, at: time)
        }
        #expect(try ledger.decision(lotID: "L2") == nil)
        #expect(try ledger.auditEntries().filter { $0.event == "lot.accepted" }.count == 1)
    }

    /// A switching state kept for a product before v25 becomes the state of each of its classes, which then go on
    /// separately; the audit checkpoints cover the new table.
    @Test func aProductsSwitchingStateBeforeV25BecomesEachClasssState() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        var product = SwitchingState()
        for _ in 0..<2 {
            _ = try product.record(lotAccepted: false, acceptNumber: 0, wouldAcceptAtTighterAQL: false, reducedEnabled: false)
        }
        do {
            let old = try DatabaseQueue(path: path)
            try LedgerSchema.migrator.migrate(old, upTo: "v21: cards by drop and product, for finding mixed bundles")
            try old.write { db in
                try db.execute(sql: "INSERT INTO switchingState (customer, product, state, updatedAt) VALUES ('ACME', 'P1', ?, ?)",
                               arguments: [String(decoding: try JSONEncoder().encode(product), as: UTF8.self), time])
            }
        }
        let ledger = try Ledger(path: path)
        let migrated = try ledger.classSwitching(customer: "ACME", product: "P1")
        #expect(migrated == ClassSwitching(every: product))
        #expect(migrated.severities == [.critical: .tightened, .major: .tightened, .minor: .tightened])
        #expect(AuditedTables.all.contains { $0.name == "switchingClassState" })
    }

    @Test func decisionsRecordedBeforeV10ReadAsUnsigned() throws {
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = try DatabaseQueue(path: path)
        try LedgerSchema.migrator.migrate(old, upTo: "v8: signed statements")
        let decision = try LotDecision(
            lotID: "L1", lotSize: 3, plan: plan(), sample: lot("L1").serials,
            results: InspectionResults(findings: lot("L1").serials.map { .init(serial: $0, defectClass: nil, defectCode: "", inspector: "ana") }))
        try old.write { db in
            try InspectionLotRecord(lot("L1"), createdAt: time).insert(db)
            try db.execute(
                sql: """
                    INSERT INTO lotDecision (lotID, customer, product, severity, accepted, decision, transition, decidedAt, recordedBy)
                    VALUES ('L1', 'ACME', 'P1', 'normal', 1, ?, NULL, ?, 'system')
                    """,
                arguments: [String(decoding: try JSONEncoder().encode(decision), as: UTF8.self), time])
        }
        try old.close()
        let ledger = try Ledger(path: path)
        let kept = try #require(try ledger.decision(lotID: "L1"))
        #expect(kept.recordedBy == "system" && kept.statement == nil && kept.signature == nil && kept.decision == decision)
    }
}
