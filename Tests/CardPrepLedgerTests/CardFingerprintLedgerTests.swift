import CardPrepCore
import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

@Suite struct CardFingerprintLedgerTests {
    let folder: URL
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fingerprints-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func fingerprint(_ seed: UInt8) -> CardFingerprint { CardFingerprint(bytes: (0..<32).map { UInt8($0) &* 7 &+ seed })! }

    func card(_ seed: UInt8, _ psn: String = "00", _ expiry: String = "2806") -> RegisteredCard {
        RegisteredCard(fingerprint: fingerprint(seed), issue: .example(psn, expiry))
    }

    func step(_ drop: String) -> StepRecord { StepRecord(dropID: drop, stage: "validate", completedAt: t0, summary: "") }

    @Test(arguments: LedgerStoreKind.allCases)
    func acceptedCardsAreHeldAfterValidationAndOthersAreNot(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind, in: folder.path)
        let kept = [card(1), card(2), card(3)].sorted { $0.fingerprint < $1.fingerprint }
        try ledger.completeValidation(dropID: "d1", cards: kept.forEach, step: step("d1"), transition: nil, events: [], at: t0)
        let asked = [fingerprint(2), fingerprint(9), fingerprint(1), fingerprint(3), fingerprint(4)]
        #expect(try ledger.earlierDropsHold(asked) == [true, false, true, true, false])
        #expect(try ledger.fingerprintCount() == 3)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aCardHeldAlreadyStaysWithItsFirstDrop(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind, in: folder.path)
        try ledger.completeValidation(dropID: "d1", cards: [card(1)].forEach, step: step("d1"), transition: nil, events: [], at: t0)
        try ledger.completeValidation(dropID: "d2", cards: [card(1), card(2)].forEach, step: step("d2"), transition: nil,
                                      events: [], at: t0)
        let owners = try ledger.store.read {
            try $0.rows(
                #"SELECT s."dropID" FROM "cardFingerprint" f JOIN "cardFingerprintSet" s ON s."id" = f."setID" ORDER BY f."fingerprint""#,
                []
            ).map { $0.text("dropID") }
        }
        #expect(owners == ["d1", "d2"])
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aFailingInsertLeavesNeitherStepNorFingerprints(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind, in: folder.path)
        struct Interrupted: Error {}
        #expect(throws: LedgerError.self) {
            try ledger.completeValidation(
                dropID: "d1", cards: { insert in try insert(card(1)); throw Interrupted() }, step: step("d1"), transition: nil,
                events: [], at: t0)
        }
        #expect(try ledger.fingerprintCount() == 0)
        #expect(try ledger.steps(of: "d1").isEmpty)
    }

    @Test func ledgersWithHexFingerprintsAreMovedToBytes() throws {
        let path = folder.appendingPathComponent("old.sqlite").path
        let old = try DatabaseQueue(path: path)
        try LedgerSchema.migrator.migrate(old, upTo: "v5: stock")
        try old.write { db in
            for (seed, drop) in [(UInt8(1), "d1"), (2, "d1"), (3, "d2")] {
                try db.execute(sql: "INSERT INTO cardFingerprint (fingerprint, dropID, recordedAt) VALUES (?, ?, ?)",
                               arguments: [fingerprint(seed).description, drop, t0])
            }
        }
        try old.close()
        let ledger = try Ledger(path: path)
        #expect(try ledger.earlierDropsHold([fingerprint(1), fingerprint(2), fingerprint(3), fingerprint(4)]) == [true, true, true, false])
        let sets = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT dropID FROM cardFingerprintSet ORDER BY dropID") }
        #expect(sets == ["d1", "d2"])
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func renewalsAndReissuesAreKeptBesideTheFirstCardOfTheirNumber(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind, in: folder.path)
        try ledger.completeValidation(dropID: "d1", cards: [card(1, "00", "2806"), card(2)].forEach, step: step("d1"), transition: nil,
                                      events: [], at: t0)
        // The next drop renews card 1 and, within itself, sends card 3 and its reissue.
        let second = [card(1, "00", "2906"), card(3, "00", "2806"), card(3, "01", "2806")].sorted { $0.fingerprint < $1.fingerprint }
        try ledger.completeValidation(dropID: "d2", cards: second.forEach, step: step("d2"), transition: nil, events: [], at: t0)
        // Recording the same drop again adds nothing.
        try ledger.completeValidation(dropID: "d2", cards: second.forEach, step: step("d2"), transition: nil, events: [], at: t0)
        let found = try ledger.earlierCards([fingerprint(1), fingerprint(2), fingerprint(3), fingerprint(4)])
        #expect(Set(found[0].issues) == [.example("00", "2806"), .example("00", "2906")])
        #expect(found[1].issues == [.example("00", "2806")])
        #expect(Set(found[2].issues) == [.example("00", "2806"), .example("01", "2806")])
        #expect(found[3] == .none)
        #expect(!found.contains { $0.includesUnknown })
        let later = try ledger.store.read { try $0.integer(#"SELECT COUNT(*) FROM "cardFingerprintLater""#) }
        #expect(later == 2)
        #expect(try ledger.fingerprintCount() == 3)
    }

    @Test func cardsRecordedBeforeIssuesWereKeptAreUnknownAfterTheMigration() throws {
        let path = folder.appendingPathComponent("v21.sqlite").path
        let old = try DatabaseQueue(path: path)
        try LedgerSchema.migrator.migrate(old, upTo: "v21: cards by drop and product, for finding mixed bundles")
        try old.write { db in
            try db.execute(sql: "INSERT INTO cardFingerprintSet (dropID, recordedAt) VALUES ('d1', ?)", arguments: [t0])
            try db.execute(sql: "INSERT INTO cardFingerprint (fingerprint, setID) VALUES (?, 1)", arguments: [Data(fingerprint(1).bytes)])
        }
        try old.close()
        let ledger = try Ledger(path: path)
        #expect(try ledger.earlierCards([fingerprint(1), fingerprint(2)]) == [EarlierCards(includesUnknown: true), .none])
        try ledger.completeValidation(dropID: "d2", cards: [card(2)].forEach, step: step("d2"), transition: nil, events: [], at: t0)
        #expect(try ledger.earlierCards([fingerprint(1), fingerprint(2)]) == [EarlierCards(includesUnknown: true),
                                                                           EarlierCards(issues: [.example("00", "2806")])])
    }
}
