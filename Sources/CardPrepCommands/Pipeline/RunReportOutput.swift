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

    struct Validated: Encodable {
        var customer: String
        var drop: String
        var dropID: String
        var decision: String
        var reasons: [String]
        var accepted: Int
        var rejected: Int
        var lines: [ValidationSummary.Line]
    }

    struct Archived: Encodable {
        var customer: String
        var drop: String
        var dropID: String
        var outcome: String
    }

    var pipeline: String
    var dryRun: Bool
    var exitCode: Int32
    var summary: String
    var ingest: [Drop]?
    var validate: [Validated]?
    var transform: [JobManifest]?
    var reconcile: [ReconcileReport]?
    var archive: [Archived]?
    var failures: [Failure]
    var planned: [Planned]
    var attention: DropAttention
    /// Each drop's folder in the customer outbox that the run published to.
    var outbox: [CustomerOutbox.Publication]
    /// The signed audit checkpoint the run ended with.
    var checkpoint: Checkpoint?
    /// Drops another live worker held, skipped by this run.
    var heldElsewhere: [ClaimedElsewhere]
    /// Drops whose claim this run lost while a stage worked on them.
    var claimsLost: [ClaimedElsewhere]

    struct Checkpoint: Encodable {
        var number: Int?
        var seq: Int64
        var new: Bool
    }

    struct Failure: Encodable {
        var stage: String
        var customer: String
        var drop: String
        var dropID: String
        var message: String
        var fix: String
    }

    struct Planned: Encodable {
        var stage: String
        var customer: String
        var drop: String
        var dropID: String
        var state: DropState
    }

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
        self.validate = report.validate?.outcomes.compactMap { outcome in
            guard let summary = outcome.summary else { return nil }
            return Validated(customer: outcome.drop.customer, drop: outcome.drop.name, dropID: outcome.drop.id,
                             decision: summary.decision.rawValue, reasons: summary.reasons, accepted: summary.accepted,
                             rejected: summary.rejectedRecords.count, lines: summary.lines)
        }
        self.transform = report.transform?.manifests
        self.reconcile = report.reconcile
        self.failures = report.failures.map {
            Failure(stage: $0.failure.stage, customer: $0.drop.customer, drop: $0.drop.name, dropID: $0.drop.id, message: $0.failure.error,
                    fix: $0.failure.fix)
        }
        self.planned = report.planned.map {
            Planned(stage: $0.stage.rawValue, customer: $0.drop.customer, drop: $0.drop.name, dropID: $0.drop.id, state: $0.drop.state)
        }
        self.attention = report.attention
        self.outbox = report.published
        self.heldElsewhere = report.heldElsewhere
        self.claimsLost = report.claimsLost
        self.checkpoint = report.checkpoint.map { Checkpoint(number: $0.checkpoint.number, seq: $0.checkpoint.seq, new: $0.isNew) }
        self.archive = report.archive?.outcomes.map {
            Archived(customer: $0.customer, drop: $0.name, dropID: $0.dropID, outcome: $0.text)
        }
    }
}

/// The human form of a run's result: one line per drop that needs attention, counts per order line, then the summary line.
struct RunReportText {
    let report: PipelineRun.Report

    init(_ report: PipelineRun.Report) { self.report = report }

    func print(dryRun: Bool) {
        let would = dryRun ? "would be " : ""
        for outcome in report.ingest?.outcomes ?? [] {
            let drop = "\(outcome.customer)/\(outcome.name)"
            switch outcome.kind {
            case .ingested: Swift.print("\(would)ingested     \(drop)  \(outcome.dropID.map { String($0.prefix(12)) } ?? "")")
            case .duplicate: Swift.print("\(would)duplicate    \(drop)  same manifest as drop \(outcome.dropID.map { String($0.prefix(12)) } ?? "")")
            case let .quarantined(rejection): Swift.print("\(would)quarantined  \(drop)  \(rejection.code.rawValue): \(rejection.message)")
            case let .uploading(reason, stale): Swift.print("\(stale ? "stale       " : "uploading   ") \(drop)  \(reason)")
            }
        }
        for outcome in report.validate?.outcomes ?? [] {
            guard let summary = outcome.summary else { continue }
            let drop = "\(outcome.drop.customer)/\(outcome.drop.name)"
            if summary.decision == .rejected {
                // The work folder goes when the drop is archived; the customer outbox keeps the report.
                let folder = report.published.first { $0.dropID == outcome.drop.id }?.folder ?? outcome.drop.workPath + "/validation"
                Swift.print("rejected     \(drop)  \(summary.reasons.joined(separator: ", ")) (see \(folder)/rejects.csv)")
            } else {
                Swift.print("validated    \(drop)  \(summary.accepted) accepted, \(summary.rejectedRecords.count) rejected")
            }
            for line in summary.lines {
                Swift.print("    line \(line.orderLine)  \(line.product) \(line.branch)  ordered \(line.ordered), accepted \(line.accepted), rejected \(line.rejected)")
            }
        }
        for manifest in report.transform?.manifests ?? [] {
            for job in manifest.jobs {
                Swift.print("job          \(job.id)  \(job.machine) \(job.product): \(job.cards) card(s) in \(job.batchCount) batch(es)")
            }
        }
        for reconciled in report.reconcile ?? [] {
            Swift.print("reconcile    \(reconciled.orderID)  " + (reconciled.findings.isEmpty ? "reconciled" : "\(reconciled.findings.count) discrepancy(ies)"))
            for finding in reconciled.findings {
                let figures = finding.expected.map { e in " (expected \(e), actual \(finding.actual.map(String.init) ?? "-"))" } ?? ""
                Swift.print("    \(finding.code.rawValue)  \(finding.location.summary)\(figures): \(finding.message)")
            }
        }
        for outcome in report.archive?.outcomes ?? [] {
            Swift.print("archive      \(outcome.customer)/\(outcome.name)  \(outcome.text)")
        }
        for publication in report.published {
            Swift.print("outbox       \(publication.customer)/\(publication.drop)  \(publication.folder)  "
                        + "\(publication.files) file(s)\(publication.changed ? "" : ", unchanged"); check: \(publication.verifyCommand)")
        }
        for planned in report.planned {
            Swift.print("would \(planned.stage.rawValue)  \(planned.drop.label)  (\(planned.drop.state.words))")
        }
        for failed in report.failures {
            Swift.print("failed       \(failed.drop.customer)/\(failed.drop.name)  \(failed.failure.stage): \(failed.failure.error)")
            Swift.print("    fix: \(failed.failure.fix)")
        }
        Swift.print((dryRun ? "dry run, nothing changed: " : "") + report.summary)
    }
}
