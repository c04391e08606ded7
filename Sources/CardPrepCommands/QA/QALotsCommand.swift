import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep qa lots`: list the lots and their state; optionally plan the lots of a drop first.
struct QALotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lots",
        abstract: "List inspection lots: size, severity, sample size and decision.",
        discussion: """
            The inspect stage forms the lots after reconciliation. --plan-drop forms them for one drop from its work \
            folder (jobs/jobs.json, the validated order) and its production results; it must be reconciled (exit 6 \
            otherwise); --from-jobs from a job manifest \
            with the default acceptance terms (level II, critical 0.10, major 0.65, minor 2.5).

            Example: cardprep qa lots Pipelines/sample.yml --plan-drop 3f2a9c0d11e4
            """
    )

    @OptionGroup var options: QAOptions
    @Option(help: "Only the lots of this drop.") var drop: String?
    @Option(help: "Form and plan the lots of this reconciled drop (its id, 8 or more hex characters, or customer/drop) before listing.") var planDrop: String?
    @Option(help: "Form and plan lots from this job manifest (jobs.json), with the default acceptance terms.") var fromJobs: String?
    @Option(help: "Production results (serial,job,batch,sequence,status) for --from-jobs.") var production: String?

    struct Line: Encodable {
        var lot: String, drop: String, customer: String, product: String, size: Int
        var severity: String?, sampleSize: Int?, sampled: Bool, decision: String?
        /// Each class's severity in the lot's plan (classes are switched separately).
        var classes: [String: String]?
        /// The inspector who signed the decision (nil before it is decided, or for a decision recorded unsigned).
        var decidedBy: String?
    }

    func run() throws {
        CommandFailure.json = options.json
        // Planning lots changes the drop's records: it runs under the pipeline lock, on a reconciled drop only.
        let environment = try CommandEnvironment.open(options.pipeline, changes: planDrop != nil || fromJobs != nil, json: options.json)
        let ledger = environment.ledger
        let stage = InspectStage(pipeline: environment.pipeline, ledger: ledger, context: environment.context)
        if let planDrop {
            let record = try environment.drop(planDrop)
            _ = try failing { try stage.run(dropID: record.id) }
        }
        if let fromJobs {
            let jobs = try failing(.usage) { try JSONDecoder().decode(JobManifest.self, from: Data(readTextFile(fromJobs).utf8)) }
            let results = try production.map { path in try failing(.usage) { try ProductionResults.parse(csv: readTextFile(path), file: path) } }
            _ = try failing { try stage.run(jobs: jobs, acceptance: nil, production: results) }
        }
        let lines = try failing {
            try ledger.lots(dropID: drop).map { lot in
                let plan = try ledger.plan(lotID: lot.id)?.plan
                let decision = try ledger.decision(lotID: lot.id)
                return Line(
                    lot: lot.id, drop: String(lot.dropID.prefix(12)), customer: lot.customer, product: lot.product, size: lot.size,
                    severity: plan?.severity.rawValue, sampleSize: plan?.sampleSize, sampled: try ledger.sample(lotID: lot.id) != nil,
                    decision: decision.map { $0.accepted ? "accepted" : "not accepted" },
                    classes: plan.map(Self.classSeverities), decidedBy: decision?.statement == nil ? nil : decision?.recordedBy)
            }
        }
        if options.json { return try printJSON(lines, format: .qaLots, listKey: "lots") }
        for line in lines {
            var state = line.decision ?? (line.sampled ? "sampled" : "planned")
            if let decidedBy = line.decidedBy { state += " (signed by \(decidedBy))" }
            let severity = line.classes.map(Self.severityText) ?? "-"
            print("\(line.lot)  \(line.customer)/\(line.product)  size \(line.size)  \(severity)  n=\(line.sampleSize ?? 0)  \(state)")
        }
        print("qa: \(lines.count) lot(s)")
    }

    static func classSeverities(_ plan: LotPlan) -> [String: String] {
        var classes: [String: String] = [:]
        for (defectClass, severity) in plan.classSeverities { classes[defectClass.rawValue] = severity.rawValue }
        return classes
    }

    /// `normal`, or `critical normal, major tightened, minor normal` when the classes differ.
    static func severityText(_ classes: [String: String]) -> String {
        if Set(classes.values).count == 1, let one = classes.values.first { return one }
        let parts: [String] = DefectClass.allCases.map { defectClass in
            let severity: String = classes[defectClass.rawValue] ?? "-"
            return defectClass.rawValue + " " + severity
        }
        return parts.joined(separator: ", ")
    }
}
