import CardPrepCore
import Foundation
import GRDB
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

    func step(_ drop: String) -> StepRecord { StepRecord(dropID: drop, stage: "validate", completedAt: t0, summary: "") }

    @Test func acceptedCardsAreHeldAfterValidationAndOthersAreNot() throws {
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
        let kept = [fingerprint(1), fingerprint(2), fingerprint(3)].sorted()
        try ledger.completeValidation(dropID: "d1", fingerprints: kept.forEach, step: step("d1"), transition: nil, events: [], at: t0)
        let asked = [fingerprint(2), fingerprint(9), fingerprint(1), fingerprint(3), fingerprint(4)]
        #expect(try ledger.earlierDropsHold(asked) == [true, false, true, true, false])
        #expect(try ledger.fingerprintCount() == 3)
    }

    @Test func aCardHeldAlreadyStaysWithItsFirstDrop() throws {
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
        try ledger.completeValidation(dropID: "d1", fingerprints: [fingerprint(1)].forEach, step: step("d1"), transition: nil, events: [], at: t0)
        try ledger.completeValidation(dropID: "d2", fingerprints: [fingerprint(1), fingerprint(2)].forEach, step: step("d2"), transition: nil,
                                      events: [], at: t0)
        let owners = try DatabaseQueue(path: ledger.path).read { db in
            try String.fetchAll(db, sql: """
                SELECT s.dropID FROM cardFingerprint f JOIN cardFingerprintSet s ON s.id = f.setID ORDER BY f.fingerprint
                """)
        }
        #expect(owners == ["d1", "d2"])
    }

    @Test func aFailingInsertLeavesNeitherStepNorFingerprints() throws {
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
        struct Interrupted: Error {}
        #expect(throws: LedgerError.self) {
            try ledger.completeValidation(
                dropID: "d1", fingerprints: { insert in try insert(fingerprint(1)); throw Interrupted() }, step: step("d1"), transition: nil,
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
}
