import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import CardPrepXML
import Foundation

/// Runs the inspect stage in a pipeline run: once a drop's production reconciles cleanly, its lots (batches, or
/// deliveries where the order says so) are created and planned from the production results, so QA only has to draw
/// the sample and record what it found (`cardprep qa sample`, `cardprep qa record`).
struct InspectionPlanning {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    static let name = "inspect"

    func run() throws -> [InspectReport] {
        var reports: [InspectReport] = []
        let schema = try XMLSchemaValidator(schemaAt: pipeline.orderSchemaFile)
        for drop in try ledger.drops() where drop.state == .ingested {
            let steps = try ledger.steps(of: drop.id)
            guard !steps.contains(where: { $0.stage == Self.name }), steps.reconciledCleanly else { continue }
            let work = DropWork(drop: drop)
            let jobs = try work.jobManifest()
            let order = try work.order(schema: schema)
            let productionFile = pipeline.productionInputs + "/" + jobs.orderID + "/production.csv"
            let parsed = ParsedInput<ProductionResult>.parse(try String(contentsOfFile: productionFile, encoding: .utf8), file: productionFile)
            let production = ProductionResults(cards: parsed.records.compactMap { _, result in
                ProductionResults.Status(rawValue: result.status.rawValue).map {
                    ProductionResults.Card(serial: result.serial, job: result.job, batch: result.batch, sequence: result.sequence, status: $0)
                }
            })
            if context.dryRun { continue }
            // The order's terms, else the customer profile's, else the documented defaults; an order silent on
            // reduced inspection takes the profile's setting.
            let profile = try CustomerProfile.find(customer: drop.customer, in: pipeline.customersFolder)
            let (terms, source) = Self.terms(order: order.acceptance, profile: profile?.acceptance)
            let report = try InspectStage(pipeline: pipeline, ledger: ledger, context: context)
                .run(jobs: jobs, acceptance: terms, production: production, termsSource: source)
            let now = context.now()
            try ledger.completeStep(
                StepRecord(dropID: drop.id, stage: Self.name, completedAt: now, summary: "\(report.created.count + report.existing.count) lot(s) planned"),
                events: [AuditEvent(event: "lots.planned", dropID: drop.id, actor: context.actor, host: context.host,
                                    details: ["lots": (report.created.map(\.lotID) + report.existing).joined(separator: ",")])],
                at: now)
            reports.append(report)
        }
        return reports
    }

    /// The acceptance terms of a drop: the order's, else the customer profile's, else nil (the documented
    /// defaults); an order silent on reduced inspection takes the profile's setting.
    static func terms(order: AcceptanceTerms?, profile: AcceptanceTerms?) -> (AcceptanceTerms?, String) {
        guard var terms = order else { return (profile, profile == nil ? "defaults" : "customer profile") }
        if terms.reducedInspectionAllowed == nil { terms.reducedInspectionAllowed = profile?.reducedInspectionAllowed }
        return (terms, "order")
    }

    /// Whether every lot of the drop has a decision; if so, writes the signed acceptance reports into the drop's
    /// inspection folder so that they go into its bundle.
    static func finish(_ drop: DropRecord, pipeline: PipelineDefinition, ledger: Ledger, now: Date) throws -> Bool {
        let lots = try ledger.lots(dropID: drop.id)
        guard !lots.isEmpty, try lots.allSatisfy({ try ledger.decision(lotID: $0.id) != nil }) else { return false }
        guard let keyFile = pipeline.signingKeyFile else { return false }
        let key = try SSHEd25519SigningKey(openSSHPrivateKey: try PrivateKeyFile.read(keyFile))
        for lot in lots {
            let report = try AcceptanceReport(lotID: lot.id, ledger: ledger, generated: now)
            _ = try AcceptanceReportFiles.write(report, to: drop.workPath + "/inspection", signingKey: key)
        }
        // One report per delivery, from the shipping manifest the floor sent back.
        let work = DropWork(drop: drop)
        let jobs = try work.jobManifest()
        let shippingFile = pipeline.productionInputs + "/" + jobs.orderID + "/shipping.csv"
        if let text = try? String(contentsOfFile: shippingFile, encoding: .utf8) {
            let shipments = ParsedInput<ShipmentLine>.parse(text, file: shippingFile).records.map(\.record)
            let order = try work.order(schema: try XMLSchemaValidator(schemaAt: pipeline.orderSchemaFile))
            for report in try DeliveryAcceptanceReport.reports(shipments: shipments, order: order, customer: drop.customer,
                                                               dropID: drop.id, ledger: ledger, generated: now) {
                try report.write(to: drop.workPath + "/inspection", signingKey: key)
            }
        }
        return true
    }
}
