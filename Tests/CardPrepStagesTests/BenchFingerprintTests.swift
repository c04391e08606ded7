import CardPrepStages
import Foundation
import Testing

/// The fingerprint bench on a small ledger: every held fingerprint is found, no new one is.
@Suite struct BenchFingerprintTests {
    @Test func fillsInBatchesAndFindsWhatItHolds() throws {
        let folder = NSTemporaryDirectory() + "cardprep-bench-fp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var batches: [Int] = []
        let report = try FingerprintBench(
            .init(ledgerPath: folder + "/ledger.sqlite", fingerprints: 2_500, lookups: 200, batchSize: 1_000),
            progress: { done, _ in batches.append(done) }
        ).run()
        #expect(batches == [1_000, 2_000, 2_500])
        #expect(report.fingerprints == 2_500 && report.filled == 2_500)
        #expect(report.held.lookups == 200 && report.held.found == 200)
        #expect(report.new.lookups == 200 && report.new.found == 0)
        #expect(report.held.lookupsPerSecond > 0)

        let again = try FingerprintBench(.init(ledgerPath: folder + "/ledger.sqlite", fingerprints: 500, lookups: 50, seed: 2)).run()
        #expect(again.fingerprints == 3_000, "a kept ledger is added to")
        #expect(again.text.hasPrefix("ledger: 3,000 fingerprints (500 added in "))
    }
}
