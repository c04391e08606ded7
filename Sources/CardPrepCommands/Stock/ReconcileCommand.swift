import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation
import Logging

/// `cardprep reconcile`: reconcile one drop against its production, shipping, stock and destruction files.
public struct ReconcileCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile a drop's production and deliveries against its order, the stock register and destruction records.",
        discussion: """
            Reads <inputs>/<order id>/production.csv (required), shipping.csv, receipts.csv, stock.csv and \
            destruction.csv, and writes report.html, report.json, report.csv and signed delivery lists into \
            <work>/<drop>/reconcile/. Exits with 4 when anything does not add up. Without --drop, reconciles every \
            transformed drop whose production results are in the pipeline's production_inputs folder, as `cardprep run` does.

            Examples: cardprep reconcile Pipelines/sample.yml
                      cardprep reconcile Pipelines/sample.yml --drop 204e54c8aed0 --inputs /srv/cardprep/production
            """
    )

    @OptionGroup var options: PipelineOptions
    @Option(help: "One drop: its id (8 or more hex characters), or customer/drop (default: every drop whose production results are in).") var drop: String?
    @Option(help: "The folder of production, shipping, stock and destruction files, one folder per order id (default: the pipeline's production_inputs).") var inputs: String?

    public init() {}

    public func run() throws {
        guard let drop else { return try PipelineCommandRunner(options: options, stages: [.reconcile]).run() }
        let environment = try CommandEnvironment.open(
            options.pipeline, changes: !options.dryRun, json: options.json, wait: options.wait, logFile: options.logFile,
            verbose: options.verbose)
        let record = try environment.drop(drop)
        var context = environment.context
        context.dryRun = options.dryRun
        let stage = ReconcileStage(pipeline: environment.pipeline, ledger: environment.ledger, context: context,
                                   inputsFolder: inputs ?? environment.pipeline.productionInputs)
        let report = try failing { try stage.run(dropID: record.id) }
        if options.json {
            try printJSON(report, format: .reconcileDrop)
        } else {
            print("\(report.orderID): \(report.findings.isEmpty ? "reconciled" : ReportFormat.count(report.findings.count, "discrepancy", "discrepancies"))")
            for finding in report.findings {
                let figures = finding.expected.map { e in " (expected \(e), actual \(finding.actual.map(String.init) ?? "-"))" } ?? ""
                print("  \(finding.code.rawValue)  \(finding.location.summary)\(figures): \(finding.message)")
            }
        }
        if report.exitCode != .ok { throw ExitCode(report.exitCode.rawValue) }
    }
}
