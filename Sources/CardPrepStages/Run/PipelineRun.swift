import CardPrepCore
import CardPrepLedger
import Foundation

/// One run of a pipeline: takes the lock, opens the ledger, and runs the requested stages in order.
public struct PipelineRun {
    public let pipeline: PipelineDefinition
    let context: RunContext

    /// Prepares a run of `pipeline`.
    public init(pipeline: PipelineDefinition, context: RunContext) {
        self.pipeline = pipeline
        self.context = context
    }

    /// The results of a run, stage by stage.
    public struct Report: Sendable {
        public var ingest: IngestReport?

        /// The exit code the run ends with, from the shared table.
        public var exitCode: CardPrepExitCode {
            if let ingest, ingest.quarantined > 0 { return .dropQuarantined }
            return .ok
        }

        /// One line for the end of the run.
        public var summary: String {
            var parts: [String] = []
            if let ingest { parts.append(ingest.summary) }
            return parts.isEmpty ? "nothing to do" : parts.joined(separator: "; ")
        }
    }

    /// Runs `stages` (a subset of the pipeline's, in pipeline order).
    /// - Parameters:
    ///   - stages: the stages to run; nil for all the pipeline names.
    ///   - wait: wait for another run's lock instead of failing at once.
    ///   - progress: called with (stage, done, total) as drops are processed.
    /// - Throws: `PipelineLockError.held` when another run holds the lock; stage errors that stop the run.
    public func run(
        stages: [PipelineDefinition.Stage]? = nil, wait: Bool = false,
        progress: (PipelineDefinition.Stage, Int, Int) -> Void = { _, _, _ in }
    ) throws -> Report {
        let fm = FileManager.default
        guard fm.fileExists(atPath: pipeline.inbox) else { throw IngestError.inboxUnreadable(path: pipeline.inbox) }
        try fm.createDirectory(atPath: pipeline.output, withIntermediateDirectories: true)
        let lock = try PipelineLock(path: pipeline.lockPath, wait: wait)
        defer { withExtendedLifetime(lock) {} }
        let ledger = try Ledger(path: pipeline.ledgerPath)
        if !context.dryRun {
            for path in try OutputRecovery(pipeline: pipeline, ledger: ledger).sweep() {
                context.logger.warning("removed what an interrupted run left behind", metadata: ["path": "\(path)"])
            }
        }
        var report = Report()
        for stage in pipeline.stages where stages?.contains(stage) ?? true {
            switch stage {
            case .ingest:
                report.ingest = try IngestStage(pipeline: pipeline, ledger: ledger, context: context)
                    .run { progress(.ingest, $0, $1) }
            }
        }
        return report
    }
}
