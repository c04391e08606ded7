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
        do { ledger = try definition.openLedger() } catch { throw CommandFailure.report(error) }
        LogSetup.bootstrap(jsonLinesFile: nil, level: .warning)
        return (definition, ledger, RunContext.live(logger: Logger(label: "cardprep")))
    }

    /// The words of `cardprep qa SUBCOMMAND PIPELINE`, for commands printed for people to paste.
    func commandWords(_ subcommand: String, pipeline definition: PipelineDefinition) -> [String] {
        ["cardprep", "qa", subcommand, definition.absoluteFile]
    }

    /// The pipeline's register of people and its rules for signed actions.
    func dualControl(_ definition: PipelineDefinition, _ ledger: Ledger, _ context: RunContext) throws -> DualControl {
        do { return try DualControl(pipeline: definition, ledger: ledger, context: context) } catch {
            throw CommandFailure.report("\(error)", code: .usage)
        }
    }
}

/// Reads a whole text file, or fails with a usage exit naming it.
func readTextFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure.report("cannot read \(path)", code: .usage)
    }
    return String(decoding: data, as: UTF8.self)
}
