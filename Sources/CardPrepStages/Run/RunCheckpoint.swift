import CardPrepCore
import CardPrepLedger
import Foundation

extension AuditCheckpoints {
    /// Ends a piece of work that wrote to the ledger (a run, a staged command, `vault archive`) with a signed
    /// checkpoint, when it added audit entries. The settings are those the vault and audit commands read
    /// (`ArchiveSettings.resolved(for:)`), so the log goes beside the vault they verify; the key is the bureau's
    /// signing key (`keys.signing`). Without a signing key there is no checkpoint, and a warning says so.
    /// - Parameter settings: the archive settings to use instead of the resolved ones (a command's overrides).
    /// - Returns: the latest checkpoint (new or not); nil without a signing key or audit entries.
    /// - Throws: `ConfigurationError` for unreadable archive settings, `VaultError` for an unreadable key,
    ///   `LedgerError`, signing and I/O errors.
    public static func seal(
        pipeline: PipelineDefinition, ledger: Ledger, context: RunContext, settings: ArchiveSettings? = nil
    ) throws -> Written? {
        let settings = try settings ?? ArchiveSettings.resolved(for: pipeline)
        guard settings.signingKey != nil else {
            context.logger.warning("no signing key is configured (keys.signing): no audit checkpoint is written")
            return nil
        }
        let written = try AuditCheckpoints(pipeline: pipeline, settings: settings, ledger: ledger)
            .write(signingKey: try VaultKeys(settings: settings).signingKey(), at: context.now())
        if let written, written.isNew, let number = written.checkpoint.number {
            context.logger.info(
                "audit checkpoint \(number) signed", metadata: ["seq": .stringConvertible(written.checkpoint.seq), "file": "\(written.file)"])
        }
        return written
    }
}

extension PipelineRun {
    /// Runs the stages over an open ledger and ends with a signed audit checkpoint; when a stage stops the run, the
    /// work committed before it is signed all the same and the stage's error is thrown.
    func runAndSeal(
        stages: [PipelineDefinition.Stage]?, ledger: Ledger, progress: (PipelineDefinition.Stage, Int, Int) -> Void
    ) throws -> Report {
        var report: Report
        do { report = try run(stages: stages, ledger: ledger, progress: progress) } catch {
            do { _ = try sealOnce(ledger: ledger) } catch let sealing {
                context.logger.error("no audit checkpoint after the failed run", metadata: ["error": "\(sealing)"])
            }
            throw error
        }
        report.checkpoint = try sealOnce(ledger: ledger)
        return report
    }

    /// Seals the checkpoint while holding the ledger's claim on it (`audit-checkpoint`, stage `seal`), so that workers
    /// on several hosts ending their runs together write one checkpoint after another, each numbered after the last,
    /// into the shared audit folder. A worker that cannot have the claim within a lease leaves the checkpoint to the
    /// holder and the next run; its entries are covered then.
    func sealOnce(ledger: Ledger) throws -> AuditCheckpoints.Written? {
        let claiming = DropClaiming(
            ledger: ledger, holder: DropClaiming.thisProcess(host: context.host), lease: Double(pipeline.leaseSeconds),
            logger: context.logger)
        let deadline = Date(timeIntervalSinceNow: Double(pipeline.leaseSeconds))
        while true {
            switch try claiming.withClaim(dropID: Self.checkpointClaim, stage: "seal", {
                try AuditCheckpoints.seal(pipeline: pipeline, ledger: ledger, context: context)
            }) {
            case let .done(written): return written
            case let .refused(lost):
                context.logger.warning("the audit checkpoint's claim was lost; the next run signs one", metadata: ["error": "\(lost)"])
                return nil
            case let .heldElsewhere(holder):
                guard Date() < deadline else {
                    context.logger.warning(
                        "another worker is signing an audit checkpoint; this run's entries are covered by the next one",
                        metadata: ["holder": "\(holder)"])
                    return nil
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    /// The claim key under which audit checkpoints are sealed one at a time.
    static let checkpointClaim = "audit-checkpoint"
}
