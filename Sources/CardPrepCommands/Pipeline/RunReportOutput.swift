import CardPrepCore
import CardPrepStages
import Foundation

/// The `--json` form of a run's result (keys documented in README.md).
struct RunReportJSON: Encodable {
    struct Drop: Encodable {
        var customer: String
        var drop: String
        var dropID: String?
        var outcome: String
        var reason: String?
        var message: String?
        var stale: Bool?
    }

    var pipeline: String
    var dryRun: Bool
    var exitCode: Int32
    var summary: String
    var ingest: [Drop]?

    init(_ report: PipelineRun.Report, pipeline: PipelineDefinition, dryRun: Bool) {
        self.pipeline = pipeline.name
        self.dryRun = dryRun
        self.exitCode = report.exitCode.rawValue
        self.summary = report.summary
        self.ingest = report.ingest?.outcomes.map { outcome in
            var drop = Drop(customer: outcome.customer, drop: outcome.name, dropID: outcome.dropID, outcome: "")
            switch outcome.kind {
            case .ingested: drop.outcome = "ingested"
            case .duplicate: drop.outcome = "duplicate"
            case let .quarantined(rejection):
                drop.outcome = "quarantined"
                drop.reason = rejection.code.rawValue
                drop.message = rejection.message
            case let .uploading(reason, stale):
                drop.outcome = "uploading"
                drop.message = reason
                drop.stale = stale
            }
            return drop
        }
    }
}

/// The human form of a run's result: one line per drop that needs attention, then the summary line.
struct RunReportText {
    let report: PipelineRun.Report

    init(_ report: PipelineRun.Report) { self.report = report }

    func print(dryRun: Bool) {
        for outcome in report.ingest?.outcomes ?? [] {
            let drop = "\(outcome.customer)/\(outcome.name)"
            switch outcome.kind {
            case .ingested: Swift.print("ingested     \(drop)  \(outcome.dropID.map { String($0.prefix(12)) } ?? "")")
            case .duplicate: Swift.print("duplicate    \(drop)  same manifest as drop \(outcome.dropID.map { String($0.prefix(12)) } ?? "")")
            case let .quarantined(rejection): Swift.print("quarantined  \(drop)  \(rejection.code.rawValue): \(rejection.message)")
            case let .uploading(reason, stale): Swift.print("\(stale ? "stale       " : "uploading   ") \(drop)  \(reason)")
            }
        }
        Swift.print((dryRun ? "dry run, nothing changed: " : "") + report.summary)
    }
}
