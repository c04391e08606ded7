import CardPrepCore
import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

/// Card fingerprints kept in order of drop, with a lookup by fingerprint merged a batch of drops at a time: every
/// answer is the same whether a drop's set is pending or merged, and the migration keeps what checkpoints signed.
@Suite struct CardFingerprintMergeTests {
    let folder: URL
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fingerprint-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// `count` fingerprints spread over all values, as keyed hashes are.
    static func fingerprints(_ count: Int, seed: UInt64) -> [CardFingerprint] {
        var state = seed
        return (0..<count).map { _ in
            let bytes = (0..<32).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            return CardFingerprint(bytes: bytes)!
        }
    }

    func validate(_ drop: String, _ cards: [RegisteredCard], in ledger: Ledger) throws {
        try ledger.completeValidation(
            dropID: drop, cards: cards.sorted { $0.fingerprint < $1.fingerprint }.forEach,
            step: StepRecord(dropID: drop, stage: "validate", completedAt: t0, summary: ""), transition: nil, events: [], at: t0)
    }

    func cards(_ fingerprints: [CardFingerprint], _ psn: String = "00", _ expiry: String = "2806") -> [RegisteredCard] {
        fingerprints.map { RegisteredCard(fingerprint: $0, issue: .example(psn, expiry)) }
    }

    func lookupRows(_ ledger: Ledger) throws -> Int64? {
        try ledger.store.read { try $0.integer(#"SELECT COUNT(*) FROM "cardFingerprintLookup""#) }
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func pendingAndMergedSetsGiveTheSameAnswers(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind, in: folder.path)
        let first = Self.fingerprints(300, seed: 1), second = Self.fingerprints(200, seed: 2),
            fresh = Self.fingerprints(50, seed: 3)
        try validate("d1", cards(first), in: ledger)
        // The second drop renews ten cards of the first and sends a repeat of one of them with the same issue.
        try validate("d2", cards(second) + cards(Array(first.prefix(10)), "00", "2906") + cards([first[20]]), in: ledger)
        #expect(try ledger.pendingFingerprints() == PendingSets(sets: 2, rows: 500))
        #expect(try lookupRows(ledger) == 0)
        let asked = (first.suffix(40) + second.prefix(40) + fresh + first.prefix(12)).shuffled()
        let pending = try ledger.earlierCards(asked)
        let owners = try asked.map { try ledger.cardsOfNumber($0).map(\.dropID) }

        #expect(try ledger.mergeFingerprints() == PendingSets(sets: 2, rows: 500))
        #expect(try ledger.pendingFingerprints() == PendingSets(sets: 0, rows: 0))
        #expect(try lookupRows(ledger) == 500)
        #expect(try ledger.mergeFingerprints() == PendingSets(sets: 0, rows: 0))
        let merged = try ledger.earlierCards(asked)
        #expect(merged.map { Set($0.issues) } == pending.map { Set($0.issues) })
        #expect(try asked.map { try ledger.cardsOfNumber($0).map(\.dropID) } == owners)

        for (fingerprint, answer) in zip(asked, merged) {
            if fresh.contains(fingerprint) {
                #expect(answer == .none)
            } else if first.prefix(10).contains(fingerprint) {
                #expect(Set(answer.issues) == [.example("00", "2806"), .example("00", "2906")])
                #expect(try ledger.cardsOfNumber(fingerprint).map(\.dropID) == ["d1", "d2"])
            } else {
                #expect(answer.issues == [.example("00", "2806")])
                #expect(try ledger.cardsOfNumber(fingerprint).count == 1)
            }
        }
        #expect(try ledger.fingerprintCount() == 500)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aDropValidatedAgainAfterItsSetWasMergedIsFoundAtOnce(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind, in: folder.path)
        let sent = Self.fingerprints(20, seed: 4), added = Self.fingerprints(5, seed: 5)
        try validate("d1", cards(sent), in: ledger)
        try ledger.mergeFingerprints()
        try validate("d1", cards(sent + added), in: ledger)
        #expect(try ledger.pendingFingerprints() == PendingSets(sets: 0, rows: 0))
        #expect(try lookupRows(ledger) == 25)
        #expect(try ledger.earlierDropsHold(added + sent).allSatisfy { $0 })
        // A new drop repeating a card of d1 finds it in the lookup, and its set goes pending.
        try validate("d2", cards([added[0]], "01", "2806") + cards(Self.fingerprints(3, seed: 6)), in: ledger)
        #expect(try ledger.pendingFingerprints() == PendingSets(sets: 1, rows: 3))
        #expect(Set(try ledger.earlierCards([added[0]])[0].issues) == [.example("00", "2806"), .example("01", "2806")])
    }

    /// A pending set is read with a probe a fingerprint for a few fingerprints and with one scan of its rows for a
    /// batch as validation asks; both find the same.
    @Test func aPendingSetIsReadByProbesOrByAScanAlike() throws {
        let ledger = try TestLedgers.new(.sqlite, in: folder.path)
        let held = Self.fingerprints(5000, seed: 7), fresh = Self.fingerprints(1024, seed: 8)
        try validate("d1", cards(held), in: ledger)
        try validate("d2", cards(Array(held.prefix(3)), "01", "2906"), in: ledger)
        let few = [fresh[0], held[1], held[4000], fresh[1], held[1]]
        let batch = (Array(held.suffix(1024)) + fresh + Array(held.prefix(3))).sorted()
        func check() throws {
            #expect(try ledger.earlierDropsHold(few) == [false, true, true, false, true])
            let answers = try ledger.earlierCards(batch)
            for (fingerprint, answer) in zip(batch, answers) {
                if fresh.contains(fingerprint) {
                    #expect(answer == .none)
                } else if held.prefix(3).contains(fingerprint) {
                    #expect(Set(answer.issues) == [.example("00", "2806"), .example("01", "2906")])
                } else {
                    #expect(answer.issues == [.example("00", "2806")])
                }
            }
        }
        try check()
        try ledger.mergeFingerprints()
        try check()
    }

    @Test func setsAreMergedOnceEnoughArePending() throws {
        let ledger = try TestLedgers.new(.sqlite, in: folder.path)
        let threshold = Ledger.lookupMergeThreshold.sets
        for (index, fingerprint) in Self.fingerprints(threshold, seed: 9).enumerated() {
            try validate("d\(index)", cards([fingerprint]), in: ledger)
            let merged = try ledger.mergeFingerprintsIfDue()
            #expect(merged == (index + 1 == threshold ? PendingSets(sets: threshold, rows: threshold) : nil))
        }
        #expect(try lookupRows(ledger) == Int64(threshold))
    }

    /// v29 moves the cards into order of set; the digests checkpoints signed before it, whole or chained, still
    /// recount, and the lookup holds every card.
    @Test func theMoveToOrderOfSetKeepsTheSignedDigests() throws {
        let path = folder.appendingPathComponent("v28.sqlite").path
        let old = try DatabaseQueue(path: path)
        try LedgerSchema.migrator.migrate(old, upTo: "v28: drop claims with leases and fencing tokens")
        // Set 1 holds the larger fingerprints, so that order of set is not order of fingerprint.
        let sorted = Self.fingerprints(40, seed: 10).sorted()
        try old.write { db in
            for drop in ["d1", "d2"] {
                try db.execute(sql: "INSERT INTO cardFingerprintSet (dropID, recordedAt) VALUES (?, ?)", arguments: [drop, t0])
            }
            for (index, fingerprint) in sorted.enumerated() {
                try db.execute(
                    sql: "INSERT INTO cardFingerprint (fingerprint, setID, panSequence, expiry) VALUES (?, ?, 0, 2806)",
                    arguments: [Data(fingerprint.bytes), index < 20 ? 2 : 1])
            }
        }
        let table = try #require(AuditedTables.all.first { $0.name == "cardFingerprint" })
        let signed = try old.read { db in
            let transaction = SQLiteLedgerTransaction(db: db)
            return [
                try TableDigester.digest(table, in: transaction), try TableDigester.chained(table, after: nil, in: transaction),
            ]
        }
        try old.close()

        let ledger = try Ledger(path: path)
        let (_, recounts) = try ledger.recount(signed)
        #expect(recounts.count == 2)
        for recount in recounts { #expect(recount.now == recount.recorded) }
        #expect(try lookupRows(ledger) == 40)
        #expect(try ledger.pendingFingerprints() == PendingSets(sets: 0, rows: 0))
        #expect(try ledger.earlierDropsHold(sorted).allSatisfy { $0 })
        #expect(try ledger.cardsOfNumber(sorted[0]).map(\.dropID) == ["d2"])
        let key = try DatabaseQueue(path: path).read {
            try String.fetchAll($0, sql: "SELECT name FROM pragma_table_info('cardFingerprint') WHERE pk > 0 ORDER BY pk")
        }
        #expect(key == ["setID", "fingerprint"])
    }
}
