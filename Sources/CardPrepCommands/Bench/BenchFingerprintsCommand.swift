import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep bench fingerprints --count N`: the duplicate-card check against a ledger of N fingerprints.
struct BenchFingerprintsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprints",
        abstract: "Fill a ledger with random card fingerprints and time the duplicate-card lookup.",
        discussion: """
            Adds N random fingerprints to <work>/ledger.sqlite in batched transactions, then looks up fingerprints \
            the ledger holds and new ones, and prints lookups per second of each. With --work, a ledger filled \
            before is added to, so a large ledger can be built once and measured again.

            Example: cardprep bench fingerprints --count 50000000 --work /var/tmp/fp
            """
    )

    @Option(help: "Fingerprints to add to the ledger.")
    var count = 1_000_000

    @Option(help: "Lookups of each kind (held and new).")
    var lookups = 100_000

    @Option(help: "Fingerprints per transaction while filling.")
    var batch = 500_000

    @Option(help: "The seed of the random fingerprints (use a new one to add more to a kept ledger).")
    var seed: UInt64 = 1

    @OptionGroup var folder: BenchFolderOptions

    func validate() throws {
        guard count >= 0, lookups >= 1, batch >= 1 else { throw ValidationError("--count, --lookups and --batch must be positive") }
    }

    func run() throws {
        do {
            let report = try folder.withFolder { work in
                try FingerprintBench(
                    .init(ledgerPath: work + "/ledger.sqlite", fingerprints: count, lookups: lookups, batchSize: batch, seed: seed),
                    progress: { done, total in benchProgress("\(done) of \(total) fingerprints added") }
                ).run()
            }
            if folder.json { try printJSON(report, format: .benchFingerprints) } else { print(report.text, terminator: "") }
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
    }
}
