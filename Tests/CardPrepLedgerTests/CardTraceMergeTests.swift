import CardPrepCore
import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

/// The card trace found through lookups merged a batch of drops at a time: the same cards, in the same order, whether
/// a drop's set is pending or merged, and the migration builds the lookups from the rows already traced.
@Suite struct CardTraceMergeTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func fingerprint(_ seed: Int) -> CardFingerprint {
        CardFingerprint(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 * 5 + seed) })!
    }

    /// Card `number` of `drop`: drops share card numbers 1…50 (reissues), and their initials alternate.
    func row(_ drop: String, _ record: Int, number: Int) -> CardTraceRow {
        CardTraceRow(
            dropID: drop, record: record, fingerprint: fingerprint(number),
            masked: "411111******\(String(format: "%04d", number))",
            initials: number % 2 == 0 ? "J.D." : "A.B.", product: "P1", branch: "HQ", job: "\(drop)-J01",
            batch: "\(drop)-J01-B001", sequence: 300 - record)
    }

    func rows(_ drop: String) -> [CardTraceRow] { (1...120).map { row(drop, $0, number: ($0 - 1) % 60 + 1) } }

    func trace(_ rows: [CardTraceRow], in ledger: Ledger) throws {
        _ = try ledger.write("trace") { try Ledger.insertTraces(rows.forEach, at: t0, in: $0) }
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func pendingAndMergedDropsAreFoundAlike(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try trace(rows("d1"), in: ledger)
        try trace(rows("d2"), in: ledger)
        #expect(try ledger.pendingTrace() == PendingSets(sets: 2, rows: 240))
        let byNumber = try (1...61).map { try ledger.cardTraces(fingerprint: fingerprint($0)) }
        let byMasked = try (1...61).map {
            try ledger.cardTraces(masked: "411111******\(String(format: "%04d", $0))", initials: $0 % 2 == 0 ? "J.D." : "A.B.")
        }
        // Card 7 was sent twice in each drop: drop by drop, then by position in the job.
        #expect(
            byNumber[6] == [row("d1", 67, number: 7), row("d1", 7, number: 7), row("d2", 67, number: 7), row("d2", 7, number: 7)])
        #expect(byMasked[6] == byNumber[6])
        #expect(byNumber[60].isEmpty)

        #expect(try ledger.mergeTrace() == PendingSets(sets: 2, rows: 240))
        #expect(try ledger.pendingTrace() == PendingSets(sets: 0, rows: 0))
        #expect(try (1...61).map { try ledger.cardTraces(fingerprint: fingerprint($0)) } == byNumber)
        #expect(
            try (1...61).map {
                try ledger.cardTraces(
                    masked: "411111******\(String(format: "%04d", $0))", initials: $0 % 2 == 0 ? "J.D." : "A.B.")
            } == byMasked)
        #expect(try ledger.cardTraces(masked: "411111******0007", initials: "J.D.").isEmpty)

        // A drop traced after the merge is pending, and found beside the merged ones.
        try trace(rows("d3"), in: ledger)
        #expect(try ledger.pendingTrace() == PendingSets(sets: 1, rows: 120))
        #expect(try ledger.cardTraces(fingerprint: fingerprint(7)).map(\.dropID) == ["d1", "d1", "d2", "d2", "d3", "d3"])
        let lookups = try ledger.store.read { try $0.integer(#"SELECT COUNT(*) FROM "cardTraceFingerprintLookup""#) }
        #expect(lookups == 240)
    }

    @Test func dropsAreMergedOnceEnoughArePending() throws {
        let ledger = try TestLedgers.new(.sqlite)
        let threshold = Ledger.lookupMergeThreshold.sets
        for index in 0..<threshold {
            try trace([row("d\(index)", 1, number: index)], in: ledger)
            let merged = try ledger.mergeTraceIfDue()
            #expect(merged == (index + 1 == threshold ? PendingSets(sets: threshold, rows: threshold) : nil))
        }
        #expect(try ledger.pendingTrace() == PendingSets(sets: 0, rows: 0))
    }

    @Test func theMigrationBuildsTheLookupsFromTheRowsTracedBefore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trace-v29-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("ledger.sqlite").path
        let old = try DatabaseQueue(path: path)
        try LedgerSchema.migrator.migrate(
            old, upTo: "v29: card fingerprints in order of drop, with a lookup by fingerprint merged in batches")
        try old.write { db in
            try db.execute(sql: "INSERT INTO cardTraceSet (dropID, recordedAt) VALUES ('d1', ?)", arguments: [t0])
            for row in rows("d1") {
                try db.execute(
                    sql: """
                        INSERT INTO cardTrace (setID, record, fingerprint, masked, initials, product, branch, job, batch, sequence)
                        VALUES (1, ?, ?, ?, ?, 'P1', 'HQ', ?, ?, ?)
                        """,
                    arguments: [
                        row.record, Data(row.fingerprint.bytes), row.masked, row.initials, row.job, row.batch, row.sequence,
                    ])
            }
        }
        try old.close()
        let ledger = try Ledger(path: path)
        #expect(try ledger.pendingTrace() == PendingSets(sets: 0, rows: 0))
        #expect(try ledger.cardTraces(fingerprint: fingerprint(7)) == [row("d1", 67, number: 7), row("d1", 7, number: 7)])
        #expect(try ledger.cardTraces(masked: "411111******0008", initials: "J.D.").map(\.record) == [68, 8])
        let indexes = try DatabaseQueue(path: path).read {
            try String.fetchAll(
                $0,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cardTrace' AND sql IS NOT NULL ORDER BY name"
            )
        }
        #expect(indexes == ["cardTraceBySetAndProduct"])
    }
}

/// The lookups checked against their tables, and built again from them.
@Suite struct LedgerLookupCheckTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(arguments: LedgerStoreKind.allCases)
    func aLookupThatLostOrGainedRowsIsFoundAndBuiltAgain(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        let trace = CardTraceMergeTests()
        let cards = (1...40).map { RegisteredCard(fingerprint: trace.fingerprint($0), issue: .example("00", "2806")) }
        try ledger.completeValidation(
            dropID: "d1", cards: cards.sorted { $0.fingerprint < $1.fingerprint }.forEach,
            step: StepRecord(dropID: "d1", stage: "validate", completedAt: t0, summary: ""), transition: nil, events: [], at: t0)
        try trace.trace(trace.rows("d1"), in: ledger)
        #expect(try ledger.lookupDisagreements().isEmpty, "pending drops are not expected in the lookups")
        try ledger.mergeFingerprints()
        try ledger.mergeTrace()
        #expect(try ledger.lookupDisagreements().isEmpty)

        try ledger.store.write { transaction in
            try transaction.execute(
                #"DELETE FROM "cardFingerprintLookup" WHERE "fingerprint" = ?"#, [.blob(Array(trace.fingerprint(3).bytes))])
            try transaction.execute(
                #"UPDATE "cardTraceFingerprintLookup" SET "fingerprint" = ? WHERE "fingerprint" = ?"#,
                [.blob(Array(trace.fingerprint(99).bytes)), .blob(Array(trace.fingerprint(5).bytes))])
        }
        #expect(try ledger.earlierDropsHold([trace.fingerprint(3)]) == [false], "the lost row hides the card")
        #expect(
            try ledger.lookupDisagreements() == [
                LookupDisagreement(lookup: "cardFingerprintLookup", table: "cardFingerprint", missing: 1, extra: 0),
                LookupDisagreement(lookup: "cardTraceFingerprintLookup", table: "cardTrace", missing: 2, extra: 2),
            ])

        let rebuilt = try ledger.rebuildLookups()
        #expect(rebuilt.fingerprints == PendingSets(sets: 1, rows: 40))
        #expect(rebuilt.trace == PendingSets(sets: 1, rows: 120))
        #expect(try ledger.lookupDisagreements().isEmpty)
        #expect(try ledger.earlierDropsHold([trace.fingerprint(3)]) == [true])
        #expect(try ledger.cardTraces(fingerprint: trace.fingerprint(5)).count == 2)
    }
}
