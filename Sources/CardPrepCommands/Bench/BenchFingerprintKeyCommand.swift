import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep bench fingerprint-key PIPELINE`: cards a second through the pipeline's fingerprint key.
struct BenchFingerprintKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint-key",
        abstract: "Time card fingerprints with the pipeline's fingerprint key: a key file, or a key in the PKCS#11 token.",
        discussion: """
            Fingerprints synthetic card numbers on one thread and on as many as the validate stage uses, and prints \
            cards per second of each. With keys.fingerprint in a token, each card is one call into the token.

            Example: cardprep bench fingerprint-key /etc/cardprep/pipeline.yml --cards 200000
            """
    )

    @Argument(help: "The pipeline definition whose keys.fingerprint (and pkcs11 block) is used.")
    var pipeline: String

    @Option(help: "Card numbers to fingerprint per measurement.")
    var cards = 100_000

    @Option(help: "Threads for the parallel measurement (default: as the validate stage).")
    var threads = OrderedParallelMap.defaultWorkers

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    func validate() throws {
        guard cards >= 1, threads >= 1 else { throw ValidationError("--cards and --threads must be positive") }
    }

    func run() throws {
        let definition = try failing(.usage) { try PipelineDefinition.load(path: pipeline) }
        guard let reference = definition.fingerprintKey else {
            throw CommandFailure.report("\(pipeline) names no fingerprint key (keys: fingerprint)", code: .usage)
        }
        let key = try failing { try definition.keys.fingerprintKey(reference) }
        let results = try failing { try FingerprintKeyBench(key: key, cards: cards).run(threads: threads) }
        if json { return try printJSON(results, format: .benchFingerprintKey, listKey: "results") }
        print("fingerprint key: \(reference)")
        for result in results {
            print(
                String(
                    format: "%2d thread(s): %d cards in %.2f s: %.0f cards/s", result.threads, result.cards, result.seconds,
                    result.cardsPerSecond))
        }
    }
}
