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
        public var validate: ValidateReport?
        public var transform: TransformReport?
        public var reconcile: [ReconcileReport]?
        public var inspect: [InspectReport]?
        public var archive: ArchiveReport?

        /// The exit code the run ends with, from the shared table.
        /// Drops a stage could not handle this time; the others went on.
        public var failures: [DropFailure] { (validate?.failures ?? []) + (transform?.failures ?? []) }

        public var exitCode: CardPrepExitCode {
            if !failures.isEmpty { return .failure }
            if let archive, archive.exitCode != .ok { return archive.exitCode }
            if let reconcile, reconcile.contains(where: { !$0.findings.isEmpty }) { return .discrepancyFound }
            if let ingest, ingest.quarantined > 0 { return .dropQuarantined }
            if let validate, validate.rejectedDrops > 0 { return .dropQuarantined }
            return .ok
        }

        /// One line for the end of the run.
        public var summary: String {
            var parts: [String] = []
            if let ingest { parts.append(ingest.summary) }
            if let validate { parts.append(validate.summary) }
            if let transform { parts.append(transform.summary) }
            if let reconcile {
                let discrepant = reconcile.filter { !$0.findings.isEmpty }
                parts.append("reconcile: \(reconcile.count) drop(s): \(reconcile.count - discrepant.count) reconciled, "
                             + "\(discrepant.count) with discrepancies (\(discrepant.reduce(0) { $0 + $1.findings.count }) finding(s))")
            }
            if let inspect {
                parts.append("inspect: \(inspect.count) drop(s), \(inspect.reduce(0) { $0 + $1.created.count }) lot(s) planned")
            }
            if let archive { parts.append(archive.summary) }
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
            case .validate:
                report.validate = try ValidateStage(pipeline: pipeline, ledger: ledger, context: context)
                    .run { progress(.validate, $0, $1) }
            case .transform:
                report.transform = try TransformStage(pipeline: pipeline, ledger: ledger, context: context)
                    .run { progress(.transform, $0, $1) }
            case .reconcile:
                report.reconcile = try ProductionReconciliation(pipeline: pipeline, ledger: ledger, context: context).run()
            case .inspect:
                report.inspect = try InspectionPlanning(pipeline: pipeline, ledger: ledger, context: context).run()
            case .archive:
                report.archive = try archive(ledger: ledger)
            }
        }
        return report
    }

    /// Archives every drop that has finished the pipeline's other stages (or was rejected by validation).
    private func archive(ledger: Ledger) throws -> ArchiveReport {
        guard let settings = pipeline.archive else { return ArchiveReport() }
        let before = pipeline.stages.filter { $0 != .archive && $0 != .ingest }.map(\.rawValue)
        let due = try ledger.drops().filter { $0.state != .archived }.filter { drop in
            let steps = try ledger.steps(of: drop.id)
            let done = Set(steps.map(\.stage))
            if drop.state == .rejected { return done.contains(ValidateStage.name) }
            // A drop is archived only once its production reconciles cleanly: its working data is still needed until then.
            if pipeline.stages.contains(.reconcile), !steps.reconciledCleanly {
                return false
            }
            guard before.allSatisfy(done.contains) else { return false }
            // With inspection in the pipeline, a drop waits until QA has decided every lot; the signed acceptance
            // reports then go into its bundle.
            if pipeline.stages.contains(.inspect) {
                return try InspectionPlanning.finish(drop, pipeline: pipeline, ledger: ledger, now: context.now())
            }
            return true
        }
        guard !due.isEmpty else { return ArchiveReport() }
        var stage = ArchiveStage(pipeline: pipeline, ledger: ledger, context: context, settings: settings)
        stage.stageFiles = { drop in StageOutputs.bundleFiles(of: drop) }
        return try stage.run(dropIDs: due.map(\.id))
    }
}

/// The outputs of the stages that go into a drop's bundle: validation findings and rejects (masked), the
/// validation summary and the job manifest. Job files (card data for the stations) do not.
enum StageOutputs {
    static func bundleFiles(of drop: DropRecord) -> [BundleFile] {
        let fm = FileManager.default
        var files: [BundleFile] = []
        for folder in ["validation", "jobs", "reconcile", "inspection"] {
            let path = drop.workPath + "/" + folder
            for name in ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted() where !name.hasPrefix(".") && !name.hasSuffix(".age") {
                files.append(BundleFile(name: folder + "/" + name, contents: .file(path: path + "/" + name)))
            }
        }
        return files
    }
}
