import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep qa sample`: draw a lot's sample and print the pick list.
struct QASampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw the serials to inspect from a lot with a seeded cryptographic generator, and print the pick list.",
        discussion: """
            Without --seed a 32-byte seed comes from the system's cryptographic random source; the seed is recorded \
            in the ledger, and the same seed gives the same pick list. A lot is sampled once: asking again prints the \
            recorded list.

            Example: cardprep qa sample Pipelines/sample.yml --lot 3f2a9c0d11e4-J01-B001
            """
    )

    @OptionGroup var options: QAOptions
    @Option(help: "The lot id.") var lot: String
    @Option(help: "The seed, 64 hex digits (default: a new random seed).") var seed: String?

    struct Output: Encodable {
        var lot: String, seed: String, severity: String, sampleSize: Int, serials: [String]
    }

    func validate() throws {
        if let seed { do { _ = try SampleDraw.seed(hex: seed) } catch { throw ValidationError(error.description) } }
    }

    func run() throws {
        let (_, ledger, context) = try options.load()
        let seedBytes = try seed.map { try SampleDraw.seed(hex: $0) }
        let (sample, plan) = try failing { try LotInspection(ledger: ledger, context: context).drawSample(lotID: lot, seed: seedBytes) }
        if options.json {
            return try printJSON(Output(lot: lot, seed: sample.seed, severity: plan.severity.rawValue, sampleSize: sample.serials.count,
                                        serials: sample.serials), format: .qaSample)
        }
        print("Lot \(lot): \(plan.severity.rawValue) inspection, \(sample.serials.count) cards to inspect")
        print("Seed \(sample.seed)")
        for (index, serial) in sample.serials.enumerated() { print(String(format: "%4d  ", index + 1) + serial) }
    }
}
