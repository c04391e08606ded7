import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation
import Logging

/// The options the QA inspection commands share: the pipeline definition first, and `--json`.
struct QAOptions: ParsableArguments {
    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    /// Under `--json`, failures are reported as JSON too (see `CommandFailure`).
    func validate() throws { CommandFailure.json = json }

    /// The pipeline, its ledger and a live context, or a usage or failure exit.
    func load() throws -> (PipelineDefinition, Ledger, RunContext) {
        let definition: PipelineDefinition
        do { definition = try PipelineDefinition.load(path: pipeline) } catch { throw CommandFailure.report("\(error)", code: .usage) }
        let ledger: Ledger
        do { ledger = try Ledger(path: definition.ledgerPath) } catch { throw CommandFailure.report("\(error)", code: .failure) }
        LogSetup.bootstrap(jsonLinesFile: nil, level: .warning)
        return (definition, ledger, RunContext.live(logger: Logger(label: "cardprep")))
    }
}

/// Reads a whole text file, or fails with a usage exit naming it.
func readTextFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure.report("cannot read \(path)", code: .usage)
    }
    return String(decoding: data, as: UTF8.self)
}
