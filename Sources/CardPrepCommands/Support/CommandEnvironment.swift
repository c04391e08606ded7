import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation
import Logging

/// What a command that works on a pipeline needs, set up one way for all: the definition, a live context with
/// logging, the ledger and, for commands that change drops, the pipeline lock (held while the value lives).
struct CommandEnvironment {
    let pipeline: PipelineDefinition
    let context: RunContext
    let ledger: Ledger
    private let lock: PipelineLock?

    /// Loads the pipeline and opens the ledger.
    /// - Parameters:
    ///   - changes: the command changes drops: the lock is taken (exit 75 when another run holds it, unless `wait`)
    ///     and the ledger opened for writing. Otherwise nothing is created or locked.
    ///   - json: report failures as JSON on standard output.
    /// - Throws: `ExitCode` after reporting what failed.
    static func open(
        _ path: String, changes: Bool, json: Bool, wait: Bool = false, logFile: String? = nil, verbose: Bool = false
    ) throws -> CommandEnvironment {
        CommandFailure.json = json
        let pipeline: PipelineDefinition
        do { pipeline = try PipelineDefinition.load(path: path) } catch { throw CommandFailure.report("\(error)", code: .usage) }
        do {
            var lock: PipelineLock?
            if changes {
                try pipeline.prepareOutput()
                lock = try PipelineLock(path: pipeline.lockPath, wait: wait)
            }
            LogSetup.bootstrap(jsonLinesFile: changes ? (logFile ?? pipeline.output + "/logs/cardprep.jsonl") : nil,
                               level: verbose ? .info : .warning)
            let ledger = try pipeline.openLedger(readOnly: !changes)
            return CommandEnvironment(pipeline: pipeline, context: RunContext.live(logger: Logger(label: "cardprep")),
                                      ledger: ledger, lock: lock)
        } catch {
            throw CommandFailure.report(error)
        }
    }

    /// The drop `reference` names (id prefix, `customer/drop`), or a usage failure listing the candidates.
    func drop(_ reference: String) throws -> DropRecord {
        do { return try DropLookup.find(reference, in: ledger) } catch { throw CommandFailure.report(error) }
    }
}
