import CardPrepCore
import CardPrepLedger
import Foundation

/// One run of a pipeline: takes the lock, opens the ledger, runs the requested stages in order, each over the
/// drops the ledger says are due for it, and ends with a signed audit checkpoint (`AuditCheckpoints.seal`). A dry run
/// takes no lock, creates nothing and opens the ledger read-only (an empty one in memory when there is none yet); it
/// reports what each stage would take.
public struct PipelineRun {
    public let pipeline: PipelineDefinition
    let context: RunContext

    /// Prepares a run of `pipeline`.
    public init(pipeline: PipelineDefinition, context: RunContext) {
        self.pipeline = pipeline
        self.context = context
    }

    /// Runs `stages` (a subset of the pipeline's, in pipeline order).
    /// - Parameters:
    ///   - stages: the stages to run; nil for all the pipeline names.
    ///   - wait: wait for another run's lock instead of failing at once.
    ///   - progress: called with (stage, done, total) as drops are processed.
    /// - Throws: `PipelineLockError.held` when another run holds the lock; errors that stop the run (the ledger, a
    ///   bureau key or configuration every drop needs). A drop's own failure does not throw: the drop is failed.
    public func run(
        stages: [PipelineDefinition.Stage]? = nil, wait: Bool = false,
        progress: (PipelineDefinition.Stage, Int, Int) -> Void = { _, _, _ in }
    ) throws -> Report {
        let fm = FileManager.default
        guard fm.fileExists(atPath: pipeline.inbox) else { throw IngestError.inboxUnreadable(path: pipeline.inbox) }
        if context.dryRun {
            return try run(stages: stages, ledger: try pipeline.openLedgerAsItIs(), progress: progress)
        }
        try pipeline.prepareOutput()
        let lock = try PipelineLock(path: pipeline.lockPath, wait: wait)
        defer { withExtendedLifetime(lock) {} }
        let ledger = try pipeline.openLedger()
        for path in try OutputRecovery(
            pipeline: pipeline, ledger: ledger, holder: DropClaiming.thisProcess(host: context.host)
        ).sweep() {
            context.logger.warning("removed what an interrupted run left behind", metadata: ["path": "\(path)"])
        }
        return try runAndSeal(stages: stages, ledger: ledger, progress: progress)
    }

    func run(
        stages: [PipelineDefinition.Stage]?, ledger: Ledger, progress: (PipelineDefinition.Stage, Int, Int) -> Void
    ) throws -> Report {
        // Each drop's stage is claimed before it is worked on, so workers sharing the ledger take it once; while a
        // claim is held the stages write through its fence (`DropClaiming`).
        let claiming = context.dryRun ? nil : DropClaiming(
            ledger: ledger, holder: DropClaiming.thisProcess(host: context.host), lease: Double(pipeline.leaseSeconds),
            logger: context.logger)
        let ledger = claiming?.ledger ?? ledger
        let runner = StageRunner(pipeline: pipeline, ledger: ledger, context: context, claiming: claiming)
        var report = Report()
        var dataKeysPrefetched = false
        let clock = ContinuousClock()
        for stage in pipeline.stages where stages?.contains(stage) ?? true {
            let started = clock.now
            defer { report.stageDurations.append((stage, clock.now - started)) }
            let tick: (Int, Int) -> Void = { progress(stage, $0, $1) }
            if stage != .ingest, !dataKeysPrefetched {
                // A bureau key in a token: one plugin session unwraps every drop's data key for the stages to come.
                PluginKeyPrefetch.prefetchDataKeys(pipeline)
                dataKeysPrefetched = true
            }
            switch stage {
            case .ingest:
                var step = IngestStage(pipeline: pipeline, ledger: ledger, context: context)
                step.claiming = claiming
                let ingest = try step.run(progress: tick)
                report.ingest = ingest
                report.heldElsewhere += ingest.heldElsewhere
                report.claimsLost += ingest.claimsLost
            case .validate:
                var step = ValidateStage(pipeline: pipeline, ledger: ledger, context: context)
                let results = try runner.run(&step, progress: tick)
                report.validate = ValidateReport(results)
                report.note(results, stage)
            case .transform:
                var step = TransformStage(pipeline: pipeline, ledger: ledger, context: context)
                let results = try runner.run(&step, progress: tick)
                report.transform = TransformReport(results)
                report.note(results, stage)
            case .reconcile:
                var step = ProductionReconciliation(pipeline: pipeline, ledger: ledger, context: context)
                let results = try runner.run(&step, progress: tick)
                report.reconcile = results.results.map(\.result)
                report.note(results, stage)
                report.remakes = try remakesOnce(ledger: ledger, claiming: claiming)
            case .inspect:
                var step = InspectionPlanning(pipeline: pipeline, ledger: ledger, context: context)
                let results = try runner.run(&step, progress: tick)
                report.inspect = results.results.map(\.result)
                report.note(results, stage)
            case .archive:
                guard let settings = pipeline.archive else { report.archive = ArchiveReport(); continue }
                var step = ArchiveStage(pipeline: pipeline, ledger: ledger, context: context, settings: settings)
                let results = try runner.run(&step, progress: tick)
                report.archive = ArchiveReport(outcomes: results.results.map(\.result))
                report.note(results, stage)
                for publication in results.results.compactMap(\.result.published) { report.notePublished(publication) }
            }
        }
        report.attention = try DropAttention.collect(ledger: ledger, now: context.now())
        report.drops = try ledger.drops()
        return report
    }
}

extension PipelineRun {
    /// Reconciles the remakes of archived drops, which is once per run rather than per drop: under a claim
    /// (`archived-remakes`, stage `reconcile`), so that of workers running together one does it; the others skip it.
    func remakesOnce(ledger: Ledger, claiming: DropClaiming?) throws -> [ArchivedRemakeReconciliation.Outcome] {
        let remakes = ArchivedRemakeReconciliation(pipeline: pipeline, ledger: ledger, context: context)
        guard let claiming else { return try remakes.run() }
        switch try claiming.withClaim(dropID: "archived-remakes", stage: PipelineDefinition.Stage.reconcile.rawValue, remakes.run) {
        case let .done(outcomes): return outcomes
        case .heldElsewhere, .refused: return []
        }
    }
}

/// The outputs of the stages that go into a drop's bundle: validation findings and rejects (masked), the
/// validation summary, the job manifest, the reconciliation and inspection reports, and the floor's reports as
/// reconcile read them (`floor/`). Job files (card data for the stations) do not.
enum StageOutputs {
    static func bundleFiles(of drop: DropRecord) -> [BundleFile] {
        let fm = FileManager.default
        var files: [BundleFile] = []
        let work = DropWorkFolder(drop)
        for path in [work.validation, work.jobs, work.reconcile, work.inspection, work.floor] {
            let folder = URL(fileURLWithPath: path).lastPathComponent
            for name in ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted() where !name.hasPrefix(".") && !name.hasSuffix(".age") {
                files.append(BundleFile(name: folder + "/" + name, contents: .file(path: path + "/" + name)))
            }
        }
        return files
    }
}
