import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepStages
import Foundation

/// `cardprep qa report`: write a lot's signed acceptance report.
struct QAReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a decided lot's acceptance report: self-contained HTML (A4) and JSON, each signed (.sig).",
        discussion: """
            The signatures are SSHSIG by the pipeline's signing key, namespace cardprep-report:
            ssh-keygen -Y verify -f allowed_signers -I bureau -n cardprep-report -s REPORT.sig < REPORT

            Example: cardprep qa report Pipelines/sample.yml --lot 3f2a9c0d11e4-J01-B001 --out reports
            """
    )

    @OptionGroup var options: QAOptions
    @Option(help: "The lot id.") var lot: String
    @Option(help: "The output folder (default: <output>/reports/qa).") var out: String?

    func run() throws {
        let (pipeline, ledger, context) = try options.load()
        guard let reference = pipeline.signingKey else {
            throw CommandFailure.report("the pipeline names no signing key (keys: signing)", code: .usage)
        }
        let key = try failing { try pipeline.keys.signingKey(reference) }
        let report = try failing { try AcceptanceReport(lotID: lot, ledger: ledger, generated: context.now()) }
        let files = try failing {
            try AcceptanceReportFiles.write(report, to: out ?? pipeline.output + "/reports/qa", signingKey: key)
        }
        if options.json { return try printJSON(files) }
        files.forEach { print($0) }
    }
}
