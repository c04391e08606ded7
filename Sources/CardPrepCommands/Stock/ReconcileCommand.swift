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
    @Option(help: "One drop: its id or a unique prefix of it (default: every drop whose production results are in).") var drop: String?
    @Option(help: "The folder of production, shipping, stock and destruction files, one folder per order id (default: the pipeline's production_inputs).") var inputs: String?

    public init() {}

    public func run() throws {
        guard let drop else { return try PipelineCommandRunner(options: options, stages: [.reconcile]).run() }
        let definition = try options.loadPipeline()
        let context = options.context(for: definition)
        let ledger = try failing { try Ledger(path: definition.ledgerPath) }
        let matches = try failing { try ledger.drops() }.filter { $0.id.hasPrefix(drop) }
        guard matches.count == 1, let record = matches.first else {
            throw CommandFailure.report(matches.isEmpty ? "no drop \(drop) in the ledger" : "\(drop) names \(matches.count) drops",
                                        code: .usage)
        }
        var stage = ReconcileStage(pipeline: definition, ledger: ledger, context: context, inputsFolder: inputs ?? definition.productionInputs)
        stage.orderSchemaFile = definition.orderSchemaFile
        let report = try failing { try stage.run(dropID: record.id) }
        if options.json {
            try printJSON(report)
        } else {
            print("\(report.orderID): \(report.findings.isEmpty ? "reconciled" : "\(report.findings.count) discrepancies")")
            for finding in report.findings {
                let figures = finding.expected.map { e in " (expected \(e), actual \(finding.actual.map(String.init) ?? "-"))" } ?? ""
                print("  \(finding.code.rawValue)  \(finding.location.summary)\(figures): \(finding.message)")
            }
        }
        if report.exitCode != .ok { throw ExitCode(report.exitCode.rawValue) }
    }
}
