import ArgumentParser
import CardPrepCore
import CardPrepLedger
import Foundation

/// `cardprep ledger merge`: the card fingerprints and card trace of recent drops merged into the ledger's lookups.
struct LedgerMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the card fingerprints and card trace of recent drops into the ledger's lookups.",
        discussion: """
            Validate appends each drop's cards to the ledger's card fingerprints, and transform each card's place to \
            the card trace, in order of drop; the drop stays pending until its rows are merged into the lookups by \
            card number (and, for the trace, by masked number). Duplicate checks and cardprep trace read pending drops \
            in the tables themselves. Validate and transform merge once \(Ledger.lookupMergeThreshold.sets) drops or \
            \(Ledger.lookupMergeThreshold.rows) rows are pending; this command merges everything pending now, each \
            table in one transaction, so that the next stages do not: run it after the night's runs (a timer). It takes \
            the pipeline's lock (exit 75 while a run holds it, unless --wait). Nothing is lost if it is stopped: what \
            it has not merged stays pending. With --rebuild the lookups are emptied and built again from the tables, \
            every drop (when audit verify reports that a lookup disagrees with its table).

            Examples:
              cardprep ledger merge /etc/cardprep/pipeline.yml --wait
              cardprep ledger merge /etc/cardprep/pipeline.yml --rebuild
            """
    )

    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String

    @Flag(help: "Wait for a run of this pipeline to finish instead of exiting with code 75.")
    var wait = false

    @Flag(
        help: """
            Build the lookups again from the card fingerprints and card trace themselves, every drop, as when audit \
            verify finds a lookup that disagrees with its table.
            """)
    var rebuild = false

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    struct Merged: Encodable {
        var drops: Int
        var rows: Int
    }

    struct Output: Encodable {
        var fingerprints: Merged
        var trace: Merged
        var seconds: Double
        var message: String
    }

    func run() throws {
        let environment = try CommandEnvironment.open(pipeline, changes: true, json: json, wait: wait)
        let clock = ContinuousClock()
        let start = clock.now
        let fingerprints: PendingSets
        let trace: PendingSets
        do {
            if rebuild {
                (fingerprints, trace) = try environment.ledger.rebuildLookups()
            } else {
                fingerprints = try environment.ledger.mergeFingerprints()
                trace = try environment.ledger.mergeTrace()
            }
        } catch {
            throw CommandFailure.report(error)
        }
        let seconds = start.duration(to: clock.now).seconds
        let message =
            fingerprints.sets == 0 && trace.sets == 0
            ? "nothing was pending"
            : (rebuild ? "rebuilt the lookups: " : "")
                + "merged the card fingerprints of \(fingerprints.sets) drop(s) (\(fingerprints.rows) card(s)) and the card trace of "
                + "\(trace.sets) drop(s) (\(trace.rows) row(s)) into the lookups in \(String(format: "%.1f", seconds)) s"
        environment.context.logger.info(
            "ledger lookups merged",
            metadata: [
                "fingerprintSets": .stringConvertible(fingerprints.sets), "cards": .stringConvertible(fingerprints.rows),
                "traceSets": .stringConvertible(trace.sets), "traceRows": .stringConvertible(trace.rows),
            ])
        if json {
            try printJSON(
                Output(
                    fingerprints: Merged(drops: fingerprints.sets, rows: fingerprints.rows),
                    trace: Merged(drops: trace.sets, rows: trace.rows),
                    seconds: seconds, message: message), format: .ledgerMerge)
        } else {
            print(message)
        }
    }
}
