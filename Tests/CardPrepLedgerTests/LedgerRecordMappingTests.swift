import CardPrepCore
import Foundation
import GRDB
import Testing

@testable import CardPrepLedger

/// Records written through the ledger's own mapping are stored exactly as GRDB stores them, and each reads the other's
/// rows back as they were: an existing ledger file reads back identically and table digests do not change.
@Suite struct LedgerRecordMappingTests {
    let folder: URL
    let ledger: Ledger
    /// Times with milliseconds, as the ledger keeps them (and exact in binary, so they read back equal).
    let t0 = Date(timeIntervalSince1970: 1_790_000_000.125)
    let t1 = Date(timeIntervalSince1970: 1_790_003_600.5)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
    }

    var drop: DropRecord {
        var drop = DropRecord(
            id: "aa", customer: "cust-01", name: "drop-aa", state: .failed, registeredAt: t0, originalsPath: "/r/aa",
            workPath: "/w/aa", sourcePath: "/in/aa", dataKeyRecipient: "age1x", cardFileCount: 2, cardBytes: 5_000_000_000)
        drop.stateSince = t1
        drop.failedStage = "validate"
        drop.failedError = "bad \"order\""
        drop.resumeState = .ingested
        return drop
    }

    var quarantine: QuarantineRecord {
        var record = QuarantineRecord(
            customer: "cust-01", name: "drop-aa", dropID: nil, reasonCode: "signature-invalid", message: "ünïcode ✓",
            quarantinedAt: t1, keptAt: "/q/aa")
        record.seq = 7
        record.released = true
        return record
    }

    var plan: LotPlanRecord {
        get throws {
            LotPlanRecord(
                lotID: "L1",
                plan: try LotPlan(
                    lotSize: 3, terms: DefaultAcceptance.terms, termsSource: "defaults", severity: .normal,
                    severityReason: "start"),
                plannedAt: t0)
        }
    }

    var lot: InspectionLotRecord {
        InspectionLotRecord(
            Lot(
                id: "L1", basis: .batch, dropID: "aa", customer: "cust-01", product: "P1", orderID: "PO", contract: "C",
                orderedQuantity: 2, serials: ["S1", "S2"]),
            createdAt: t0)
    }

    var sample: LotSampleRecord {
        LotSampleRecord(
            lotID: "L1", seed: String(repeating: "ab", count: 32), serials: ["S2", "S1"], drawnAt: t1, drawnBy: "ann")
    }

    /// A record of nested values: a decision per class with a real number, arrays and an optional nested value.
    var decision: LotDecisionRecord {
        get throws {
            let lot = Lot(
                id: "L1", basis: .batch, dropID: "aa", customer: "cust-01", product: "P1", orderID: "PO", contract: "C",
                orderedQuantity: 3, serials: ["S1", "S2", "S3"])
            let plan = try LotPlan(
                lotSize: 3, terms: DefaultAcceptance.terms, termsSource: "defaults", severity: .normal, severityReason: "start")
            let findings =
                [InspectionFinding(serial: "S1", defectClass: .critical, defectCode: "X", inspector: "ana")]
                + ["S2", "S3"].map { InspectionFinding(serial: $0, defectClass: nil, defectCode: "", inspector: "ana") }
            let decision = try LotDecision(
                lotID: "L1", lotSize: 3, plan: plan, sample: lot.serials, results: InspectionResults(findings: findings))
            return LotDecisionRecord(
                lot: lot, severity: .tightened, decision: decision, transition: nil, decidedAt: t1, recordedBy: "qa",
                signature: LotDecisionSignature(statement: "s1", inspectorName: "Ana", inspectorKey: "SHA256:k"))
        }
    }

    var switching: SwitchingClassStateRecord {
        SwitchingClassStateRecord(
            customer: "cust-01", product: "P1", defectClass: .major, state: ClassSwitching()[.major], updatedAt: t0)
    }

    var transition: DropTransitionRecord {
        DropTransitionRecord(
            seq: 3, dropID: "aa", action: nil, fromState: nil, toState: .received, at: t0, actor: "system", host: "h", reason: "r"
        )
    }

    /// The record's columns as GRDB encodes it, and as the ledger's mapping does.
    func expectSameColumns<R: LedgerRecord & EncodableRecord>(_ record: R) throws {
        let ours = try record.ledgerColumns()
        let grdb = try record.databaseDictionary
        #expect(Set(ours.map(\.name)) == Set(grdb.keys), "\(R.self): columns")
        for (name, value) in ours {
            #expect(
                value.databaseValue == grdb[name], "\(R.self).\(name): \(value) against GRDB's \(String(describing: grdb[name]))")
        }
    }

    @Test func everyKindOfValueIsEncodedAsGRDBEncodesIt() throws {
        try expectSameColumns(drop)
        try expectSameColumns(quarantine)
        try expectSameColumns(transition)
        try expectSameColumns(try plan)
        try expectSameColumns(sample)
        try expectSameColumns(lot)
        try expectSameColumns(try decision)
        try expectSameColumns(switching)
        try expectSameColumns(
            DeliveryRecord(dropID: "aa", customer: "c", name: "n", kind: .duplicate, receivedAt: t0, keptAt: "/k"))
        let columns = Dictionary(uniqueKeysWithValues: try drop.ledgerColumns().map { ($0.name, $0.value) })
        #expect(columns["registeredAt"] == .text("2026-09-21 14:13:20.125"))
        #expect(
            columns["state"] == .text("failed") && columns["failedFix"] == .null
                && columns["cardBytes"] == .integer(5_000_000_000))
        #expect(try quarantine.ledgerColumns().first { $0.name == "released" }?.value == .integer(1))
        #expect(try sample.ledgerColumns().first { $0.name == "serials" }?.value == .text(#"["S2","S1"]"#))
    }

    /// Writes `record` through the ledger's store and reads it with GRDB, and the other way round, in `table`.
    func expectRoundTrip<R: LedgerRecord & FetchableRecord & PersistableRecord & Equatable>(
        _ record: R, key: String, _ value: DatabaseValueConvertible
    ) throws {
        let sql = "SELECT * FROM \(quoted(R.tableName)) WHERE \(quoted(key)) = ?"
        try ledger.store.write { try $0.insert(record) }
        let queue = try DatabaseQueue(path: ledger.path)
        let viaGRDB = try queue.read { try R.fetchOne($0, sql: sql, arguments: [value]) }
        #expect(viaGRDB == record, "\(R.self) written by the ledger, read by GRDB")
        let storedByLedger = try queue.read { try Row.fetchOne($0, sql: sql, arguments: [value]) }

        try queue.write { db in
            try db.execute(sql: "DELETE FROM \(quoted(R.tableName)) WHERE \(quoted(key)) = ?", arguments: [value])
            try record.insert(db)
        }
        let storedByGRDB = try queue.read { try Row.fetchOne($0, sql: sql, arguments: [value]) }
        #expect(storedByLedger == storedByGRDB, "\(R.self): stored values")
        let viaLedger = try ledger.store.read { try $0.record(R.self, sql, [LedgerValue(value.databaseValue)]) }
        #expect(viaLedger == record, "\(R.self) written by GRDB, read by the ledger")
    }

    @Test func recordsReadBackIdenticallyEitherWay() throws {
        try expectRoundTrip(drop, key: "id", "aa")
        try expectRoundTrip(quarantine, key: "seq", 7)
        try expectRoundTrip(transition, key: "seq", 3)
        try expectRoundTrip(lot, key: "id", "L1")
        try expectRoundTrip(try plan, key: "lotID", "L1")
        try expectRoundTrip(sample, key: "lotID", "L1")
        try expectRoundTrip(try decision, key: "lotID", "L1")
        try expectRoundTrip(switching, key: "defectClass", "major")
    }

    @Test func datesAreReadAsGRDBReadsThem() throws {
        for text in [
            "2026-09-21 13:46:40.123", "2026-09-21 13:46:40.1", "2026-09-21T13:46:40.12345Z", "2026-09-21 13:46",
            "2026-09-21", "2026-09-21 13:46:40+02:00",
        ] {
            #expect(LedgerDateText.date(text) == Date.fromDatabaseValue(text.databaseValue), "\(text)")
        }
        #expect(LedgerDateText.date("21/09/2026") == nil)
        for seconds in [1_790_000_000.123, 1_790_000_000.0005, 0, -1.5] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(LedgerDateText.text(date) == String.fromDatabaseValue(date.databaseValue))
            #expect(LedgerDateText.date(LedgerDateText.text(date)) == Date.fromDatabaseValue(date.databaseValue))
        }
    }

    @Test func aColumnOfTheWrongKindIsAnErrorNamingIt() throws {
        let row = LedgerRow(
            columns: ["lotID", "seed", "serials", "drawnAt", "drawnBy"],
            values: [.text("L1"), .text("x"), .text("[]"), .text("yesterday"), .text("ann")])
        #expect(throws: LedgerColumnMismatch.self) { try LotSampleRecord(row: row) }
        #expect(throws: (any Error).self) {
            try LotSampleRecord(row: LedgerRow(columns: ["lotID"], values: [.text("L1")]))
        }
    }

    @Test func aChangedDropDigestsAsBeforeAfterAnUpdateThroughTheStore() throws {
        let queue = try DatabaseQueue(path: ledger.path)
        try queue.write { db in try drop.insert(db) }
        let before = try ledger.auditSnapshot()
        var changed = drop
        changed.originalsPath = "/r/other"
        try ledger.store.write { try $0.update(changed) }
        try queue.write { db in try drop.update(db) }
        let after = try ledger.auditSnapshot()
        #expect(before == after)
        #expect(try ledger.drop(id: "aa") == drop)
    }
}
