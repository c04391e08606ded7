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

            Example: cardprep run Pipelines/sample.yml

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

/// Runs stages for a command and turns the result into output and an exit code.
struct PipelineCommandRunner {
    let options: PipelineOptions
    let stages: [PipelineDefinition.Stage]?

    func run() throws {
        let pipeline = try options.loadPipeline()
        let context = options.context(for: pipeline)
        let progress = TerminalProgress(enabled: !options.json)
        let report: PipelineRun.Report
        do {
            report = try PipelineRun(pipeline: pipeline, context: context)
                .run(stages: stages, wait: options.wait) { stage, done, total in
                    progress.show("\(stage.rawValue)", done: done, total: total)
                }
        } catch let error as PipelineLockError {
            progress.clear()
            throw CommandFailure.report("\(error)", code: error == .held(path: pipeline.lockPath) ? .locked : .failure)
        } catch {
            progress.clear()
            throw CommandFailure.report("\(error)", code: .failure)
        }
        progress.clear()
        if options.json {
            try printJSON(RunReportJSON(report, pipeline: pipeline, dryRun: options.dryRun))
        } else {
            RunReportText(report).print(dryRun: options.dryRun)
        }
        if report.exitCode != .ok { throw ExitCode(report.exitCode.rawValue) }
    }
}
