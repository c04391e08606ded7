import CardPrepCore
import CardPrepLedger
import Foundation
import LedgerStoreTestSupport
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
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sqlite = try TestLedgers.new(.sqlite, in: folder)
        let postgres = try TestLedgers.new(.postgres)
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

    func fingerprint(_ seed: Int) -> CardFingerprint {
        CardFingerprint(bytes: [UInt8(seed >> 8), UInt8(seed & 0xFF)] + (2..<32).map { UInt8($0 &* 7) })!
    }

    func card(_ seed: Int, _ panSequence: Int = 0, _ expiry: Int = 2806) -> RegisteredCard {
        RegisteredCard(fingerprint: fingerprint(seed), issue: CardIssue(panSequence: panSequence, expiry: expiry)!)
    }

    func validate(_ id: String, _ cards: [RegisteredCard], in ledger: Ledger) throws {
        try ledger.completeValidation(
            dropID: id, cards: cards.forEach, step: StepRecord(dropID: id, stage: "validate", completedAt: t0, summary: ""),
            transition: nil, events: [], at: t0)
    }

    @Test func cardFingerprintsAreRecordedAndFoundAsOnSQLite() throws {
        let folder = NSTemporaryDirectory() + "cardprep-fingerprints-on-postgres-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sqlite = try TestLedgers.new(.sqlite, in: folder)
        let postgres = try TestLedgers.new(.postgres)
        // The first drop's cards; the second repeats card 1 exactly, renews card 2, reissues card 3, and sends card 4
        // with its reissue and a repeat of it; the third sends more cards than one statement takes, the renewal of one
        // of them in a later statement than its first card.
        let first = [card(1), card(2), card(3)]
        let second = [card(1), card(2, 0, 2906), card(3, 1, 2806), card(4), card(4, 1, 2806), card(4)]
        let many = (0..<1_100).map { card(100 + $0) } + [card(105, 0, 3006)]
        for ledger in [sqlite, postgres] {
            for id in ["aa", "bb", "cc"] { try register(id, in: ledger) }
            try validate("aa", first, in: ledger)
            try validate("bb", second, in: ledger)
            try validate("cc", many, in: ledger)
        }
        let asked = [4, 3, 9, 1, 2, 3, 105, 106, 1_199, 1_200].map(fingerprint)
        let found = try postgres.earlierCards(asked)
        #expect(found == (try sqlite.earlierCards(asked)))
        #expect(
            found[0]
                == EarlierCards(issues: [CardIssue(panSequence: 0, expiry: 2806)!, CardIssue(panSequence: 1, expiry: 2806)!]))
        #expect(found[1] == found[5])
        #expect(found[2] == .none)
        #expect(found[3] == EarlierCards(issues: [CardIssue(panSequence: 0, expiry: 2806)!]))
        #expect(found[4].issues.count == 2)
        #expect(
            found[6]
                == EarlierCards(issues: [CardIssue(panSequence: 0, expiry: 2806)!, CardIssue(panSequence: 0, expiry: 3006)!]))
        #expect(found[9] == .none)
        let held = (0..<1_300).map(fingerprint)
        #expect(try postgres.earlierCards(held) == (try sqlite.earlierCards(held)))
        #expect(try postgres.fingerprintCount() == 1_104)
        #expect(try postgres.fingerprintCount() == (try sqlite.fingerprintCount()))
        #expect(try postgres.cardsOfNumber(fingerprint(4)).map { $0.dropID } == ["bb", "bb"])
        let onPostgres = try postgres.auditSnapshot()
        let onSQLite = try sqlite.auditSnapshot()
        for (table, expected) in zip(onPostgres.tables, onSQLite.tables) { #expect(table == expected, "\(expected.table)") }
        #expect(onPostgres == onSQLite)
    }

    @Test func rowsWrittenAgainKeepTheirPlaceAndLaterRowsAreMarkedAsOnSQLite() throws {
        let folder = NSTemporaryDirectory() + "cardprep-rewrites-on-postgres-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sqlite = try TestLedgers.new(.sqlite, in: folder)
        let postgres = try TestLedgers.new(.postgres)
        for ledger in [sqlite, postgres] {
            for id in ["aa", "bb"] { try register(id, in: ledger) }
            // Validation of drop aa runs three times: its step is written over, its fingerprint set kept.
            for _ in 0..<3 { try validate("aa", [card(1), card(2)], in: ledger) }
            try validate("bb", [card(3)], in: ledger)
        }
        let onPostgres = try postgres.auditSnapshot()
        let onSQLite = try sqlite.auditSnapshot()
        for (table, expected) in zip(onPostgres.tables, onSQLite.tables) { #expect(table == expected, "\(expected.table)") }
        let marks = Dictionary(uniqueKeysWithValues: onPostgres.tables.map { ($0.table, $0.mark) })
        #expect(marks["step"] == 4, "two ingest steps, then validate of aa once and of bb")
        #expect(marks["cardFingerprintSet"] == 2)
        // The rows' own numbers, which the digests leave out, agree too.
        let steps = try postgres.store.read {
            try $0.rows(#"SELECT "dropID", "stage", "rowid" FROM "step" ORDER BY "rowid""#, [])
        }
        #expect(steps.map { $0["rowid"] } == [1, 2, 3, 4].map { LedgerValue.integer($0) })
        #expect(steps.map { $0["stage"] } == ["ingest", "ingest", "validate", "validate"].map { LedgerValue.text($0) })
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
