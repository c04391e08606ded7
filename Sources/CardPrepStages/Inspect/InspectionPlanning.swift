import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// The inspect stage in a pipeline run. Once a drop is reconciled, its lots (batches, or deliveries where the order
/// says so) are created and planned from the production results, so QA only has to draw the sample and record what it
/// found (`cardprep qa sample`, `cardprep qa record`). When every lot is decided the drop moves on: inspected, with the
/// signed acceptance reports in its work folder for the bundle, or on hold when a lot was not accepted until each such
/// lot has a signed disposition (`cardprep qa dispose`).
struct InspectionPlanning: Stage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    static let name = "inspect"
    let name = PipelineDefinition.Stage.inspect
    let takes: Set<DropState> = [.reconciled]

    func run(_ drop: DropRecord) throws -> StepOutcome<InspectReport> {
        let work = DropWorkFolder(drop)
        let jobs = try work.jobManifest()
        var report = InspectReport(dropID: drop.id)
        if try !ledger.steps(of: drop.id).contains(where: { $0.stage == Self.name }) {
            report = try plan(drop, jobs: jobs, order: try work.order(schemaFile: pipeline.orderSchemaFile))
        }
        let lots = try ledger.lots(dropID: drop.id)
        let decisions = try lots.map { try ledger.decision(lotID: $0.id) }
        let open = zip(lots, decisions).filter { $0.1 == nil }.map(\.0.id)
        guard !lots.isEmpty, open.isEmpty else {
            return .waiting(lots.isEmpty ? "no lots" : "\(open.count) lot(s) waiting for a QA decision")
        }
        let refused = try LotDisposal.undisposed(dropID: drop.id, ledger: ledger)
        let now = context.now()
        if !refused.isEmpty {
            // Held until each lot has a signed disposition; `qa dispose` releases the drop back to reconciled, so this
            // stage looks again and writes the reports with the dispositions.
            let example = "cardprep qa dispose \(FailureRemedy.quoted(pipeline.absoluteFile)) --lot \(refused[0]) --disposition screened "
                + "--reason \"screened 100 % and resubmitted\""
            let words = "lot(s) \(refused.joined(separator: ", ")) not accepted: each needs a disposition (returned, screened or concession, "
                + "signed by a QA inspector and a supervisor), for example: \(example)"
            try ledger.transition(
                DropTransition(dropID: drop.id, action: .hold, actor: context.actor, host: context.host, reason: words, resume: .reconciled),
                at: now)
            return .moved(.onHold, report)
        }
        let disposed = zip(lots, decisions).filter { $0.1?.accepted == false }.count
        try writeAcceptanceReports(drop, lots: lots, jobs: jobs, order: try work.order(schemaFile: pipeline.orderSchemaFile))
        try ledger.transition(
            DropTransition(dropID: drop.id, action: .inspect, actor: context.actor, host: context.host,
                           reason: "\(lots.count) lot(s) decided: \(lots.count - disposed) accepted, \(disposed) disposed of"),
            at: now)
        return .moved(.inspected, report)
    }

    /// Forms and plans the drop's lots from its production results and records the step.
    private func plan(_ drop: DropRecord, jobs: JobManifest, order: Order) throws -> InspectReport {
        let productionFile = pipeline.productionInputs + "/" + jobs.orderID + "/production.csv"
        let production = try ProductionResults.parse(csv: try String(contentsOfFile: productionFile, encoding: .utf8), file: productionFile)
        // The order's terms, else the customer profile's, else the documented defaults; an order silent on
        // reduced inspection takes the profile's setting.
        let profile = try CustomerProfile.find(customer: drop.customer, in: pipeline.customersFolder)
        let (terms, source) = Self.terms(order: order.acceptance, profile: profile?.acceptance)
        let report = try InspectStage(pipeline: pipeline, ledger: ledger, context: context)
            .run(jobs: jobs, acceptance: terms, production: production, termsSource: source)
        let now = context.now()
        try ledger.completeStep(
            StepRecord(dropID: drop.id, stage: Self.name, completedAt: now, summary: "\(report.created.count + report.existing.count) lot(s) planned"),
            transition: nil,
            events: [AuditEvent(event: "lots.planned", dropID: drop.id, actor: context.actor, host: context.host,
                                details: ["lots": (report.created.map(\.lotID) + report.existing).joined(separator: ",")])],
            at: now)
        return report
    }

    /// The acceptance terms of a drop: the order's, else the customer profile's, else nil (the documented
    /// defaults); an order silent on reduced inspection takes the profile's setting.
    static func terms(order: AcceptanceTerms?, profile: AcceptanceTerms?) -> (AcceptanceTerms?, String) {
        guard var terms = order else { return (profile, profile == nil ? "defaults" : "customer profile") }
        if terms.reducedInspectionAllowed == nil { terms.reducedInspectionAllowed = profile?.reducedInspectionAllowed }
        return (terms, "order")
    }

    /// Writes the signed acceptance reports (one per lot, one per delivery) into the drop's inspection folder, so
    /// that they go into its bundle.
    private func writeAcceptanceReports(_ drop: DropRecord, lots: [InspectionLotRecord], jobs: JobManifest, order: Order) throws {
        guard let reference = pipeline.signingKey else {
            throw ConfigurationError(file: pipeline.file, line: nil, reason: "keys.signing is required to sign acceptance reports")
        }
        let key = try pipeline.keys.signingKey(reference)
        let folder = DropWorkFolder(drop).inspection
        let now = context.now()
        let profile = try CustomerProfile.find(customer: drop.customer, in: pipeline.customersFolder)
        let templates = try ReportTemplates(overrides: pipeline.reportTemplates)
        for lot in lots {
            let report = try AcceptanceReport(
                lotID: lot.id, ledger: ledger, generated: now, customerName: profile?.name, bureauName: pipeline.bureau ?? pipeline.name)
            _ = try AcceptanceReportFiles.write(report, to: folder, signingKey: key, templates: templates)
        }
        // One report per delivery, from the shipping manifest the floor sent back.
        let shippingFile = pipeline.productionInputs + "/" + jobs.orderID + "/shipping.csv"
        if let text = try? String(contentsOfFile: shippingFile, encoding: .utf8) {
            let shipments = ParsedInput<ShipmentLine>.parse(text, file: shippingFile).values
            for report in try DeliveryAcceptanceReport.reports(shipments: shipments, order: order, customer: drop.customer,
                                                               dropID: drop.id, ledger: ledger, generated: now,
                                                               customerName: profile?.name, bureauName: pipeline.bureau ?? pipeline.name) {
                try report.write(to: folder, signingKey: key, templates: templates)
            }
        }
    }
}
