import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep run PIPELINE`: every complete drop through every stage of the pipeline.
public struct RunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every stage of a pipeline over its inbox (what cron runs every night).",
        discussion: """
            Takes every complete drop in the pipeline's inbox through the pipeline's stages. Drops still \
            uploading are left untouched; bad drops go to quarantine with a reason and the other drops go on. \
            Running it again changes nothing that is done.

            Each drop moves through its states (received, ingested, validated or rejected, jobs-issued, \
            in-production, reconciled or discrepancy, inspected, archived); a drop a stage cannot finish is failed \
            with the stage, the error and the fix, and waits for `cardprep retry`. The run exits non-zero while any \
            drop is failed, in discrepancy or quarantined, and its summary names the oldest. `--dry-run` creates \
            nothing and lists what each stage would take.

            Examples: cardprep run Pipelines/sample.yml
                      cardprep run Pipelines/sample.yml --dry-run
                      cardprep status Pipelines/sample.yml

            \(ExitCodeTable.helpText)
            """
    )

    @OptionGroup var options: PipelineOptions

    public init() {}

    public func run() throws {
        try PipelineCommandRunner(options: options, stages: nil).run()
    }
}

/// `cardprep ingest PIPELINE` and the `cardprep-ingest` executable: the ingest stage alone.
public struct IngestCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Take complete drops from the inbox: verify, re-encrypt under a per-drop key, register.",
        discussion: """
            A drop is complete when its MANIFEST.sha256 is there and every file it lists matches. Each complete \
            drop is verified (digests; the manifest signature when the customer's profile names signers), its \
            card data decrypted as a stream and re-encrypted under a new per-drop data key, its files kept as \
            received, and the drop registered in the ledger under its manifest digest. A drop delivered again is \
            recorded as a repeated delivery and not processed.

            Card data is age (*.age, to the bureau's age identity, keys.identity) unless the customer's profile \
            says `card_data_encryption: openpgp`: then *.gpg, *.pgp or *.asc encrypted to the bureau's OpenPGP key \
            (keys.openpgp_identity, with keys.openpgp_passphrase for a protected key), with integrity protection \
            (MDC or AEAD). The manifest signature MANIFEST.sha256.sig is SSHSIG by one of the profile's `signers`, \
            or with `manifest_signature: openpgp` an OpenPGP detached signature (`gpg --detach-sign`, binary or \
            armored) by one of its `openpgp_signers`. Refused drops go to quarantine with a reason code, such as \
            signature-missing, signature-invalid, signature-unknown-key, card-data-format, \
            openpgp-wrong-recipient, openpgp-not-encrypted, openpgp-unprotected, openpgp-integrity.

            Example: cardprep ingest Pipelines/sample.yml --json

            \(ExitCodeTable.helpText)
            """
    )

    @OptionGroup var options: PipelineOptions

    public init() {}

    public func run() throws {
        try PipelineCommandRunner(options: options, stages: [.ingest]).run()
    }
}

/// `cardprep validate PIPELINE` and `cardprep-validate`: the validate stage alone.
public struct ValidateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check ingested drops against their order and the customer's data contract; write reject reports.",
        discussion: """
            Every bad record becomes a finding (record, masked card number, field, reason code) in \
            <work>/validation/rejects.csv and rejects.json, which can be sent to the customer. A drop whose order is \
            unusable, or with more rejects than the customer's policy allows, is rejected whole (exit code 3).

            Example: cardprep validate Pipelines/sample.yml

            \(ExitCodeTable.helpText)
            """
    )

    @OptionGroup var options: PipelineOptions

    public init() {}

    public func run() throws { try PipelineCommandRunner(options: options, stages: [.validate]).run() }
}

/// `cardprep transform PIPELINE` and `cardprep-transform`: the transform stage alone.
public struct TransformCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Turn validated drops into personalisation jobs for the production stations.",
        discussion: """
            Writes one job per product and machine, in the machine profile's layout, split into batches of its tray \
            size and ordered by branch, encrypted to the station's key, into <jobs_outbox>/<machine>/; and a job \
            manifest without card data into <work>/jobs/jobs.json.

            Example: cardprep transform Pipelines/sample.yml

            \(ExitCodeTable.helpText)
            """
    )

    @OptionGroup var options: PipelineOptions

    public init() {}

    public func run() throws { try PipelineCommandRunner(options: options, stages: [.transform]).run() }
}

/// `cardprep inspect PIPELINE` and `cardprep-inspect`: the inspect stage alone.
public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Create and plan the QA lots of drops whose production reconciled cleanly.",
        discussion: """
            A lot is a production batch, or a delivery where the order's acceptance terms say so; its size is the good \
            cards of the production results. Each lot gets its ISO 2859-1 plan at the customer and product's current \
            severity, so that QA only has to draw the sample (`cardprep qa sample`) and record what it found \
            (`cardprep qa record`). Archive waits until every lot of a drop is decided.

            Example: cardprep inspect Pipelines/nightly.yml

            \(ExitCodeTable.helpText)
            """
    )

    @OptionGroup var options: PipelineOptions

    public init() {}

    public func run() throws { try PipelineCommandRunner(options: options, stages: [.inspect]).run() }
}

/// `cardprep archive PIPELINE` and `cardprep-archive`: the archive stage alone.
public struct ArchiveCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Archive finished drops to the vault, verify the bundles, then destroy their working data.",
        discussion: """
            For every drop that has finished the pipeline's other stages: writes a signed, encrypted bundle into the \
            vault, verifies it by reading it back, and only then destroys the drop's data key and working data.

            Example: cardprep archive Pipelines/sample.yml

            \(ExitCodeTable.helpText)
            """
    )

    @OptionGroup var options: PipelineOptions

    public init() {}

    public func run() throws { try PipelineCommandRunner(options: options, stages: [.archive]).run() }
}

/// Runs stages for a command and turns the result into output and an exit code.
struct PipelineCommandRunner {
    let options: PipelineOptions
    let stages: [PipelineDefinition.Stage]?

    /// Seconds since `start`, to the millisecond.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return ((Double(seconds) + Double(attoseconds) / 1e18) * 1000).rounded() / 1000
    }

    func run() throws {
        let started = ContinuousClock.now
        CommandFailure.json = options.json
        let pipeline = try options.loadPipeline()
        let check = ConfigurationCheck(pipelineFile: options.pipeline, scope: .beforeRun).run()
        guard check.isClean else { throw CommandFailure.report(ConfigurationCheckText(check).refusal, code: .usage) }
        var context = options.context(for: pipeline)
        context.logger.info("run started", metadata: [
            "pipeline": .string(pipeline.name), "stages": .string((stages ?? pipeline.stages).map(\.rawValue).joined(separator: ",")),
            "dryRun": .stringConvertible(options.dryRun), "version": .string(CardPrepVersion.number),
        ])
        let progress = TerminalProgress.shared
        progress.enable(!options.json && !options.quiet)
        context.cardProgress = progress
        let report: PipelineRun.Report
        do {
            report = try PipelineRun(pipeline: pipeline, context: context)
                .run(stages: stages, wait: options.wait) { stage, done, total in
                    progress.show("\(stage.rawValue)", done: done, total: total)
                }
        } catch {
            progress.clear()
            let failure = CommandFailure.report(error)
            context.logger.notice("run finished", metadata: [
                "exitCode": .stringConvertible(Int(failure.rawValue)), "durationSeconds": .stringConvertible(Self.seconds(since: started)),
                "error": .string("\(error)"),
            ])
            throw failure
        }
        progress.clear()
        context.logger.info("run finished", metadata: [
            "exitCode": .stringConvertible(Int(report.exitCode.rawValue)), "durationSeconds": .stringConvertible(Self.seconds(since: started)),
            "summary": .string(report.summary),
        ])
        if !options.dryRun {
            let metrics = RunMetrics(pipeline: pipeline, report: report, exitCode: report.exitCode, now: context.now(),
                                     runDuration: ContinuousClock.now - started)
            do { try metrics.write(to: pipeline.metricsFile) } catch {
                context.logger.warning("cannot write the run's metrics", metadata: ["file": "\(pipeline.metricsFile)", "error": "\(error)"])
            }
        }
        if options.json {
            try printJSON(RunReportJSON(report, pipeline: pipeline, dryRun: options.dryRun), format: .run)
        } else if !options.quiet || report.exitCode != .ok {
            RunReportText(report).print(dryRun: options.dryRun)
        }
        if report.exitCode != .ok { throw ExitCode(report.exitCode.rawValue) }
    }
}
