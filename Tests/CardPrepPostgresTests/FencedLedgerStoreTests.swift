import CardPrepCore
import CardPrepLedger
import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepPostgres

/// A worker's writes fenced by its claim, and one drop registered by two workers at once, on both ledger stores.
@Suite struct FencedLedgerStoreTests {
    enum Kind: String, CaseIterable { case sqlite, postgres }

    /// A new ledger of `kind`, with its schema; the folder of a SQLite one is removed by `cleanup`.
    static func ledger(_ kind: Kind) throws -> (store: any LedgerStore, cleanup: () -> Void) {
        switch kind {
        case .sqlite:
            let folder = try temporaryFolder()
            return (
                try SQLiteLedgerStore(path: folder + "/ledger.sqlite"), { try? FileManager.default.removeItem(atPath: folder) }
            )
        case .postgres:
            let store = try PostgresTestStores.newStore()
            try store.prepareLedgerSchema()
            return (store, {})
        }
    }

    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func register(_ id: String, in ledger: Ledger, host: String) throws {
        let drop = DropRecord(
            id: id, customer: "cust-01", name: "drop-\(id)", state: .received, registeredAt: t0, originalsPath: "/r/\(id)",
            workPath: "/w/\(id)", sourcePath: "/in/\(id)", dataKeyRecipient: "age1x", cardFileCount: 1, cardBytes: 10)
        try ledger.registerIngestedDrop(
            drop,
            delivery: DeliveryRecord(
                dropID: id, customer: "cust-01", name: drop.name, kind: .first, receivedAt: t0, keptAt: "/r/\(id)"),
            step: StepRecord(dropID: id, stage: "ingest", completedAt: t0, summary: "1 file"),
            events: [AuditEvent(event: "drop.received", dropID: id, actor: "system", host: host, key: "", details: [:])],
            actor: "system", host: host, at: t0)
    }

    @Test(arguments: Kind.allCases)
    func aWriteAfterTheClaimWasTakenOverIsRefusedAndRecordsNothing(_ kind: Kind) throws {
        let (store, cleanup) = try Self.ledger(kind)
        defer { cleanup() }
        try Self.register("d1", in: Ledger(store: store), host: "host-a")
        let fence = FencedLedgerStore(base: store)
        let ledger = Ledger(store: fence)
        let claims = DropClaims(store: store)
        let worker = DropClaimHolder(host: "host-a", pid: 11)
        let claim = try #require(try claims.claimNext(of: [("d1", "validate")], holder: worker, lease: 60, now: Date()))
        fence.fence(by: claim)
        // While the claim holds, the stage's writes go through.
        try ledger.appendAudit(
            AuditEvent(event: "note", dropID: "d1", actor: "system", host: "host-a", key: "", details: [:]), at: Self.t0)
        let entries = try ledger.auditEntries(dropID: "d1").count
        // The lease is lost (as when the worker stalled past it) and another host takes the drop's stage over.
        try store.write { try $0.execute(#"UPDATE "dropClaim" SET "leaseUntil" = 0"#, []) }
        let other = DropClaimHolder(host: "host-b", pid: 22)
        #expect(try claims.claimNext(of: [("d1", "validate")], holder: other, lease: 60, now: Date()) != nil)
        #expect(throws: LedgerError.self) {
            try ledger.transition(
                DropTransition(
                    dropID: "d1", action: .fail, actor: "system", host: "host-a", reason: "validate: late",
                    failure: DropFailureDetail(stage: "validate", error: "late", fix: "none")),
                at: Self.t0)
        }
        #expect(fence.lost == DropClaimLost(dropID: "d1", stage: "validate", token: claim.token, heldBy: other))
        #expect(try ledger.drop(id: "d1")?.state == .ingested)
        #expect(try ledger.auditEntries(dropID: "d1").count == entries)
        // Without a fence the store writes as before.
        #expect(fence.clear() != nil)
        try ledger.appendAudit(
            AuditEvent(event: "note", dropID: "d1", actor: "system", host: "host-a", key: "", details: [:]), at: Self.t0)
        #expect(try ledger.auditEntries(dropID: "d1").count == entries + 1)
    }

    @Test(arguments: Kind.allCases)
    func oneDropRegisteredByTwoWorkersAtOnceIsRegisteredOnce(_ kind: Kind) throws {
        let (store, cleanup) = try Self.ledger(kind)
        defer { cleanup() }
        let stores: [any LedgerStore]
        switch kind {
        case .sqlite: stores = [store, try SQLiteLedgerStore(path: store.location)]
        case .postgres:
            let configuration = (store as! PostgresLedgerStore).configuration
            stores = [store, try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)]
        }
        for round in 0..<5 {
            let id = "twice-\(round)"
            let outcomes = ConcurrentFailureList()
            let group = DispatchGroup()
            for (index, worker) in stores.enumerated() {
                group.enter()
                Thread {
                    defer { group.leave() }
                    do {
                        try Self.register(id, in: Ledger(store: worker), host: "host-\(index)")
                        outcomes.add("registered")
                    } catch let LedgerError.refused(refusal) {
                        outcomes.add("refused \(refusal.action)")
                    } catch { outcomes.add("\(error)") }
                }.start()
            }
            group.wait()
            #expect(outcomes.all.sorted() == ["refused register", "registered"], "round \(round)")
            let ledger = Ledger(store: store)
            #expect(try ledger.deliveries(of: id).count == 1)
            #expect(try ledger.transitions(of: id).filter { $0.action == .register }.count == 1)
        }
    }
}
