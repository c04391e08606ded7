import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation
import Logging

/// The options every pipeline command shares.
struct PipelineOptions: ParsableArguments {
    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    /// Under `--json`, failures are reported as JSON too (see `CommandFailure`).
    func validate() throws { CommandFailure.json = json }

    @Flag(help: "Wait for another run of this pipeline to finish instead of exiting with code 75.")
    var wait = false

    @Flag(help: "Report what would be done; change nothing.")
    var dryRun = false

    @Option(help: "Also write logs as JSON lines to this file (default: <output>/logs/cardprep.jsonl).")
    var logFile: String?

    @Flag(name: .shortAndLong, help: "Log every drop, not only warnings and errors.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print nothing when all is well: no progress, no summary unless the run exits non-zero (for cron).")
    var quiet = false

    /// Loads the pipeline definition, or fails with a usage error naming the line of the mistake.
    func loadPipeline() throws -> PipelineDefinition {
        do {
            return try PipelineDefinition.load(path: pipeline)
        } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
    }

    /// The context of a live run, with logging set up for it.
    func context(for definition: PipelineDefinition) -> RunContext {
        let file = logFile ?? definition.output + "/logs/cardprep.jsonl"
        // --quiet: only errors on the terminal (the summary of a run that needs attention is printed anyway); the log
        // file keeps everything.
        LogSetup.bootstrap(jsonLinesFile: dryRun ? nil : file, level: verbose ? .info : quiet ? .error : .warning)
        var logger = Logger(label: "cardprep")
        // Every line of one run carries its id, so a run's lines can be picked out of the log file.
        logger[metadataKey: "run"] = .string(RunIdentity.make())
        return RunContext.live(logger: logger, dryRun: dryRun)
    }
}

/// The id of one run in the logs: 12 hex digits from the system's random source.
enum RunIdentity {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
