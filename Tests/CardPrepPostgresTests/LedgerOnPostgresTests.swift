import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepPostgres

/// The ledger's own operations on a PostgreSQL store: the same records, audit chain and table digests as on SQLite.
@Suite struct LedgerOnPostgresTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000.125)

    func register(_ id: String, in ledger: Ledger) throws {
        let drop = DropRecord(
            id: id, customer: "cust-01", name: "drop-\(id)", state: .ingested, registeredAt: t0, originalsPath: "/r/\(id)",
            workPath: "/w/\(id)", sourcePath: "/in/cust-01/drop-\(id)", dataKeyRecipient: "age1x", cardFileCount: 1,
            cardBytes: 10)
        func event(_ name: String) -> AuditEvent {
            AuditEvent(event: name, dropID: id, actor: "system", host: "h1", key: "k", details: ["file": "cards-\(id).age"])
        }
        try ledger.registerIngestedDrop(
            drop,
            delivery: DeliveryRecord(
                dropID: id, customer: "cust-01", name: "drop-\(id)", kind: .first, receivedAt: t0, keptAt: "/r/\(id)"),
            step: StepRecord(dropID: id, stage: "ingest", completedAt: t0, summary: "1 file"),
            events: [event("drop.received"), event("drop.ingested")], actor: "system", host: "h1", at: t0)
        try ledger.appendAudit(event("drop.note ünïcode"), at: t0)
    }

    @Test func theSameOperationsGiveTheSameAuditChainAndTableDigestsAsSQLite() throws {
        let folder = NSTemporaryDirectory() + "cardprep-ledger-on-postgres-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sqlite = try Ledger(path: folder + "/ledger.sqlite")
        let store = try PostgresTestStores.newStore()
        try store.prepareLedgerSchema()
        let postgres = Ledger(store: store)
        for ledger in [sqlite, postgres] {
            for id in ["aa", "bb", "cc"] { try register(id, in: ledger) }
        }
        #expect(try postgres.drops() == sqlite.drops())
        #expect(try postgres.auditEntries() == sqlite.auditEntries())
        #expect(try postgres.verifyAuditChain().isEmpty)
        let first = try postgres.auditSnapshot()
        #expect(first == (try sqlite.auditSnapshot()))
        // A checkpoint continues from the one before on both databases alike.
        try register("dd", in: sqlite)
        try register("dd", in: postgres)
        #expect(try postgres.auditSnapshot(continuing: first.tables) == (try sqlite.auditSnapshot(continuing: first.tables)))
    }

    @Test func anEditedAuditRowBreaksTheChainOnPostgreSQL() throws {
        let store = try PostgresTestStores.newStore()
        try store.prepareLedgerSchema()
        let ledger = Ledger(store: store)
        try register("aa", in: ledger)
        #expect(try ledger.verifyAuditChain().isEmpty)
        try store.write { try $0.execute(#"UPDATE "audit" SET "actor" = 'mallory' WHERE "seq" = 2"#, []) }
        #expect(!(try ledger.verifyAuditChain().isEmpty))
    }
}
