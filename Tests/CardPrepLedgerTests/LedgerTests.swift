import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

@Suite struct LedgerTests {
    let folder: URL
    let ledger: Ledger
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
    }

    func drop(_ id: String) -> DropRecord {
        DropRecord(id: id, customer: "cust-01", name: "drop-1", state: .ingested, registeredAt: t0, originalsPath: "/r/\(id)",
                   workPath: "/w/\(id)", sourcePath: "/in/cust-01/drop-1", dataKeyRecipient: "age1x", cardFileCount: 1, cardBytes: 10)
    }

    func event(_ name: String, _ id: String? = nil) -> AuditEvent {
        AuditEvent(event: name, dropID: id, actor: "ops", host: "h1", key: "k", details: ["a": "1"])
    }

    func register(_ id: String) throws { try register(id, in: ledger) }

    func register(_ id: String, in ledger: Ledger) throws {
        try ledger.registerIngestedDrop(
            drop(id),
            delivery: DeliveryRecord(dropID: id, customer: "cust-01", name: "drop-1", kind: .first, receivedAt: t0, keptAt: "/r/\(id)"),
            step: StepRecord(dropID: id, stage: "ingest", completedAt: t0, summary: "1 file"),
            events: [event("drop.received", id), event("drop.ingested", id)], actor: "system", host: "h1", at: t0)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func registeredDropIsFoundWithItsStepAndDelivery(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try register("aa", in: ledger)
        #expect(try ledger.drop(id: "aa")?.customer == "cust-01")
        #expect(try ledger.steps(of: "aa").map(\.stage) == ["ingest"])
        #expect(try ledger.deliveries(of: "aa").map(\.kind) == [.first])
        #expect(try ledger.drop(id: "bb") == nil)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func registeringTheSameDropTwiceFailsAndChangesNothing(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try register("aa", in: ledger)
        #expect(throws: LedgerError.self) { try register("aa", in: ledger) }
        #expect(try ledger.drops().count == 1)
        #expect(try ledger.auditEntries().count == 4, "two events and two state changes")
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func duplicateDeliveryIsRecordedOncePerKeptFolder(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try register("aa", in: ledger)
        let repeated = DeliveryRecord(dropID: "aa", customer: "cust-01", name: "drop-1", kind: .duplicate, receivedAt: t0, keptAt: "/dup/1")
        try ledger.recordDuplicateDelivery(repeated, event: event("drop.duplicate", "aa"), at: t0)
        try ledger.recordDuplicateDelivery(repeated, event: event("drop.duplicate", "aa"), at: t0)
        #expect(try ledger.deliveries(of: "aa").map(\.kind) == [.first, .duplicate])
        #expect(try ledger.auditEntries().map(\.event) == ["drop.state", "drop.received", "drop.ingested", "drop.state", "drop.duplicate"])
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func auditChainVerifiesWhenUntouched(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try register("aa", in: ledger)
        try ledger.appendAudit(event("note"), at: t0)
        let entries = try ledger.auditEntries()
        #expect(entries.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(entries[1].previousHash == entries[0].hash)
        #expect(try ledger.verifyAuditChain().isEmpty)
    }

    @Test(arguments: [
        "UPDATE audit SET details = 'a=2' WHERE seq = 2",
        "DELETE FROM audit WHERE seq = 2",
        "UPDATE audit SET seq = -1 WHERE seq = 1; UPDATE audit SET seq = 1 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = -1",
        "UPDATE audit SET event = 'drop.forged', hash = 'x' WHERE seq = 3",
    ])
    func auditChainFindsEditsRemovalsAndReordering(tampering: String) throws {
        try register("aa")
        try ledger.appendAudit(event("note"), at: t0)
        try ledger.appendAudit(event("note2"), at: t0)
        let queue = try DatabaseQueue(path: ledger.path)
        try queue.write { try $0.execute(sql: tampering) }
        #expect(!(try ledger.verifyAuditChain()).isEmpty)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func quarantineIsListedUntilReleased(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        let record = QuarantineRecord(customer: "c", name: "d", dropID: nil, reasonCode: "signature-invalid", message: "m",
                                      quarantinedAt: t0, keptAt: "/q/d")
        var quarantined = drop("qq")
        quarantined.originalsPath = "/q/d"
        try ledger.recordQuarantine(record, drop: quarantined, event: event("drop.quarantined"), at: t0)
        try ledger.recordQuarantine(record, drop: quarantined, event: event("drop.quarantined"), at: t0)
        #expect(try ledger.quarantined().map(\.reasonCode) == ["signature-invalid"])
        #expect(try ledger.quarantined().map(\.dropID) == ["qq"])
        #expect(try ledger.drop(id: "qq")?.state == .quarantined)
        #expect(try ledger.transitions(of: "qq").map(\.toState) == [.received, .quarantined])
        #expect(try ledger.auditEntries().map(\.event) == ["drop.state", "drop.quarantined", "drop.state"])
    }
}
