import CardPrepCore
import Foundation
import GRDB
import Testing

@testable import CardPrepLedger

/// The canonical table digests audit checkpoints sign: stable, recomputable over the rows a checkpoint covered however
/// the ledger grew since, and blind only to the mutable columns.
@Suite struct TableDigestTests {
    let folder: URL
    let ledger: Ledger
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
    }

    func register(_ id: String) throws {
        let drop = DropRecord(
            id: id, customer: "cust-01", name: "drop-\(id)", state: .ingested, registeredAt: t0, originalsPath: "/r/\(id)",
            workPath: "/w/\(id)", sourcePath: "/in/\(id)", dataKeyRecipient: "age1x", cardFileCount: 1, cardBytes: 10)
        try ledger.registerIngestedDrop(
            drop,
            delivery: DeliveryRecord(
                dropID: id, customer: "cust-01", name: "drop-\(id)", kind: .first, receivedAt: t0, keptAt: "/r/\(id)"),
            step: StepRecord(dropID: id, stage: "ingest", completedAt: t0, summary: "1 file"), events: [], actor: "system",
            host: "h", at: t0)
    }

    func table(_ name: String, in snapshot: AuditSnapshot) throws -> TableDigest {
        try #require(snapshot.tables.first { $0.table == name })
    }

    func sql(_ statement: String) throws {
        try DatabaseQueue(path: ledger.path).write { try $0.execute(sql: statement) }
    }

    @Test func everyCoveredTableIsDigestedAndTheDigestIsStable() throws {
        try register("aa")
        let first = try ledger.auditSnapshot(), second = try ledger.auditSnapshot()
        #expect(first == second)
        #expect(first.tables.map(\.table) == AuditedTables.all.map(\.name))
        let deliveries = try table("delivery", in: first)
        #expect(deliveries.rows == 1 && deliveries.mark == 1 && deliveries.fixed == deliveries.all)
        #expect(deliveries.columns == ["seq", "dropID", "customer", "name", "kind", "receivedAt", "keptAt"])
    }

    @Test func rowsAddedLaterLeaveTheCoveredRowsDigestAsItWas() throws {
        try register("aa")
        let before = try ledger.auditSnapshot()
        try register("bb")
        try ledger.completeValidation(
            dropID: "aa",
            cards: [RegisteredCard(fingerprint: CardFingerprint(bytes: Array(repeating: 7, count: 32))!, issue: .example("00", "2806"))].forEach,
            step: StepRecord(dropID: "aa", stage: "validate", completedAt: t0, summary: "1 accepted"), transition: nil,
            events: [], at: t0)
        let (_, recounts) = try ledger.recount(before.tables)
        for recount in recounts where recount.recorded.mutableColumns.isEmpty {
            #expect(recount.now == recount.recorded, "\(recount.recorded.table)")
        }
        let drops = try #require(recounts.first { $0.recorded.table == "drop" })
        #expect(drops.now?.fixed == drops.recorded.fixed, "registering another drop does not touch the covered one")
    }

    @Test(arguments: [
        ("UPDATE delivery SET keptAt = '/elsewhere'", "delivery"),
        ("DELETE FROM dropTransition WHERE seq = 1", "dropTransition"),
        ("UPDATE step SET summary = '9 files' WHERE stage = 'ingest'", "step"),
        ("UPDATE \"drop\" SET customer = 'cust-02'", "drop"),
    ])
    func anEditedOrDeletedCoveredRowChangesTheFixedDigest(statement: String, table name: String) throws {
        try register("aa")
        let before = try ledger.auditSnapshot()
        try sql(statement)
        let (_, recounts) = try ledger.recount(before.tables)
        let changed = recounts.filter { $0.now?.fixed != $0.recorded.fixed || $0.now?.rows != $0.recorded.rows }.map(
            \.recorded.table)
        #expect(changed == [name])
    }

    @Test func mutableColumnsChangeOnlyTheWholeDigest() throws {
        try register("aa")
        let before = try ledger.auditSnapshot()
        try sql("UPDATE \"drop\" SET state = 'validated'")
        try sql(
            "INSERT INTO step (dropID, stage, completedAt, summary) VALUES ('aa', 'reconcile', '2026-01-01 00:00:00.000', '0 findings')"
        )
        let middle = try ledger.auditSnapshot()
        try sql("UPDATE step SET summary = '2 findings' WHERE stage = 'reconcile'")
        for (snapshot, table) in [(before, "drop"), (middle, "step")] {
            let recount = try #require(try ledger.recount(snapshot.tables).tables.first { $0.recorded.table == table })
            #expect(recount.now?.fixed == recount.recorded.fixed, "\(table)")
            #expect(recount.now?.all != recount.recorded.all, "\(table)")
        }
    }

    func validate(_ dropID: String, fingerprint byte: UInt8) throws {
        try ledger.completeValidation(
            dropID: dropID,
            cards: [RegisteredCard(fingerprint: CardFingerprint(bytes: Array(repeating: byte, count: 32))!, issue: .example("00", "2806"))].forEach,
            step: StepRecord(dropID: dropID, stage: "validate", completedAt: t0, summary: "1 accepted"), transition: nil,
            events: [], at: t0)
    }

    @Test func aTableWithoutMutableColumnsIsDigestedFromTheMarkOfTheDigestItContinues() throws {
        try register("aa")
        try validate("aa", fingerprint: 7)
        let first = try ledger.auditSnapshot()
        let root = try table("cardFingerprint", in: first)
        #expect(root.from == 0 && root.fromRows == 0 && root.base == String(repeating: "0", count: 64) && root.rows == 1)
        #expect(try table("drop", in: first).from == nil, "a table with mutable columns is digested whole")
        try register("bb")
        try validate("bb", fingerprint: 9)
        let second = try ledger.auditSnapshot(continuing: first.tables)
        let link = try table("cardFingerprint", in: second)
        #expect(link.from == root.mark && link.fromRows == 1 && link.base == root.all && link.rows == 2 && link.mark == 2)
        #expect(link.all == link.fixed && link.all != root.all)
        #expect(link.all != (try table("cardFingerprint", in: ledger.auditSnapshot())).all, "a link is not the whole table's digest")
        // Nothing added: the link covers no row and still continues the digest before it.
        let third = try ledger.auditSnapshot(continuing: second.tables)
        let empty = try table("cardFingerprint", in: third)
        #expect(empty.rows == 2 && empty.from == 2 && empty.mark == 2 && empty.all != link.all)
        for snapshot in [first, second, third] {
            #expect(try ledger.recount(snapshot.tables).tables.allSatisfy { $0.now == $0.recorded })
        }
    }

    @Test(arguments: [
        "UPDATE cardFingerprint SET expiry = 2807 WHERE setID = 2",
        "DELETE FROM cardFingerprint WHERE setID = 2",
        "UPDATE cardFingerprint SET setID = 1 WHERE setID = 2",
        "INSERT INTO cardFingerprint (fingerprint, setID, panSequence, expiry) VALUES (zeroblob(32), 2, 0, 2806)",
    ])
    func aChangeInALinksRowsChangesItsDigestAndOnlyIts(statement: String) throws {
        try register("aa")
        try validate("aa", fingerprint: 7)
        let first = try ledger.auditSnapshot()
        try register("bb")
        try validate("bb", fingerprint: 9)
        let second = try ledger.auditSnapshot(continuing: first.tables)
        try sql(statement)
        let recounts = try ledger.recount([try table("cardFingerprint", in: first), try table("cardFingerprint", in: second)]).tables
        let changed = recounts.map { $0.now != $0.recorded }
        #expect(changed == [statement.contains("setID = 1"), true], "\(recounts)")
    }

    @Test func aDropWhoseStateIsNotItsLastTransitionsIsFound() throws {
        try register("aa")
        #expect(try ledger.dropStateDisagreements().isEmpty)
        try sql("UPDATE \"drop\" SET state = 'archived'")
        let found = try ledger.dropStateDisagreements()
        #expect(found.map(\.dropID) == ["aa"] && found.first?.state == "archived" && found.first?.lastTransitionTo == "ingested")
    }
}
