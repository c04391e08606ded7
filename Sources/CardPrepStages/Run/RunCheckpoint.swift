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
            do { _ = try AuditCheckpoints.seal(pipeline: pipeline, ledger: ledger, context: context) } catch let sealing {
                context.logger.error("no audit checkpoint after the failed run", metadata: ["error": "\(sealing)"])
            }
            throw error
        }
        report.checkpoint = try AuditCheckpoints.seal(pipeline: pipeline, ledger: ledger, context: context)
        return report
    }
}
