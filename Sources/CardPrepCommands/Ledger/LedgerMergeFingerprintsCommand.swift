import ArgumentParser
import CardPrepCore
import CardPrepLedger
import Foundation

/// `cardprep ledger merge-fingerprints`: the card fingerprints of validated drops merged into the lookup by fingerprint.
struct LedgerMergeFingerprintsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-fingerprints",
        abstract: "Merge the card fingerprints of validated drops into the ledger's lookup by fingerprint.",
        discussion: """
            Validate records each drop's cards at the end of the ledger's card table, in order of drop, and leaves the \
            drop pending: duplicate checks read pending drops in the table itself, and validate merges them into the \
            lookup by fingerprint once \(Ledger.fingerprintMergeThreshold.sets) drops or \
            \(Ledger.fingerprintMergeThreshold.cards) cards are pending. This command merges every pending drop now, \
            in one transaction, so that the next validations do not: run it after the night's runs (a timer), where \
            validations must not wait for a merge. It takes the pipeline's lock (exit 75 while a run holds it, unless \
            --wait). Nothing is lost if it is stopped: the drops stay pending.

            Example: cardprep ledger merge-fingerprints /etc/cardprep/pipeline.yml --wait
            """
    )

    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String

    @Flag(help: "Wait for a run of this pipeline to finish instead of exiting with code 75.")
    var wait = false

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    struct Output: Encodable {
        var drops: Int
        var cards: Int
        var seconds: Double
        var message: String
    }

    func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: true, json: json, wait: wait)
        let clock = ContinuousClock()
        let start = clock.now
        let merged: PendingFingerprints
        do { merged = try environment.ledger.mergeFingerprints() } catch { throw CommandFailure.report(error) }
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let message =
            merged.sets == 0
            ? "no card fingerprints were pending"
            : "merged \(merged.cards) card fingerprint(s) of \(merged.sets) drop(s) into the lookup in \(String(format: "%.1f", seconds)) s"
        environment.context.logger.info(
            "card fingerprints merged into the lookup",
            metadata: ["sets": .stringConvertible(merged.sets), "cards": .stringConvertible(merged.cards)])
        if json {
            try printJSON(
                Output(drops: merged.sets, cards: merged.cards, seconds: seconds, message: message),
                format: .ledgerMergeFingerprints)
        } else {
            print(message)
        }
    }
}
