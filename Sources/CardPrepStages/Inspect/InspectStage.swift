import CardPrepCore
import CardPrepLedger
import Foundation
import Logging

/// The inspect stage: after reconciliation it forms the lots of a drop's batches (or of its delivery, when
/// the order says so) and makes each lot's plan at the severity the switching rules give the customer and
/// product, so that QA only has to draw the sample and record the results.
///
/// AQLs and level come from the order's acceptance terms, else the documented defaults
/// (`DefaultAcceptance.terms`). A re-run makes nothing twice: a lot recorded already is left as it is.
public struct InspectStage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    /// The sampling tables to use.
    public var edition: SamplingEdition = .iso2859_1

    /// Creates the stage for one run.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// Forms and records the lots and plans of one drop.
    /// - Parameters:
    ///   - jobs: the drop's job manifest.
    ///   - acceptance: the order's acceptance terms; nil for the defaults.
    ///   - production: production results, when reported; lot sizes are then the good cards.
    /// - Returns: what was created and what existed already.
    /// - Throws: `SamplingError` for a lot without cards' plan, `LedgerError`.
    public func run(
        jobs: JobManifest, acceptance: AcceptanceTerms?, production: ProductionResults? = nil, termsSource: String = "order"
    ) throws -> InspectReport {
        let terms = acceptance ?? DefaultAcceptance.terms
        let source = acceptance == nil ? "defaults" : termsSource
        var report = InspectReport(dropID: jobs.dropID)
        for lot in LotFormation.lots(from: jobs, basis: terms.lotBasis, production: production) {
            if try ledger.lot(id: lot.id) != nil {
                report.existing.append(lot.id)
                continue
            }
            let state = try ledger.classSwitching(customer: lot.customer, product: lot.product)
            let plan = try LotPlan(
                lotSize: lot.size, terms: terms, termsSource: source, classSeverities: state.planSeverities, edition: edition)
            if context.dryRun {
                report.created.append(InspectReport.Planned(lotID: lot.id, size: lot.size, severity: plan.severity, sampleSize: plan.sampleSize))
                continue
            }
            let event = AuditEvent(
                event: "lot.created", dropID: lot.dropID, actor: context.actor, host: context.host,
                details: [
                    "lot": lot.id, "customer": lot.customer, "product": lot.product, "size": String(lot.size),
                    "severity": plan.severity.rawValue, "sampleSize": String(plan.sampleSize), "terms": source,
                ])
            if try ledger.recordLot(lot, plan: plan, event: event, at: context.now()) {
                report.created.append(InspectReport.Planned(lotID: lot.id, size: lot.size, severity: plan.severity, sampleSize: plan.sampleSize))
                context.logger.info("inspect: lot planned", metadata: [
                    "lot": "\(lot.id)", "size": .stringConvertible(lot.size), "severity": "\(plan.severity.rawValue)", "sampleSize": .stringConvertible(plan.sampleSize),
                ])
            } else {
                report.existing.append(lot.id)
            }
        }
        return report
    }

    /// Forms the lots of a reconciled drop from its work folder (the job manifest and the validated order) and, when
    /// present, its production results in the pipeline's production inputs.
    /// - Throws: `VaultError` for a missing drop, `LedgerError.refused` for a drop that is not reconciled, decoding and
    ///   ledger errors.
    public func run(dropID: String) throws -> InspectReport {
        guard let drop = try ledger.drop(id: dropID) else { throw VaultError.notFound("drop \(dropID) in the ledger") }
        guard drop.state == .reconciled else {
            throw LedgerError.refused(DropTransitionRefusal(action: .inspect, state: drop.state, allowed: [.reconciled], drop: drop.label))
        }
        let work = DropWorkFolder(drop)
        let jobs = try work.jobManifest()
        let productionFile = pipeline.productionInputs + "/" + jobs.orderID + "/production.csv"
        var production: ProductionResults?
        if let data = FileManager.default.contents(atPath: productionFile) {
            production = try ProductionResults.parse(csv: String(decoding: data, as: UTF8.self), file: productionFile)
        }
        return try run(jobs: jobs, acceptance: try work.order(schemaFile: pipeline.orderSchemaFile).acceptance, production: production)
    }
}

/// What the inspect stage did for one drop.
public struct InspectReport: Sendable, Equatable, Codable {
    /// A lot planned by this run.
    public struct Planned: Sendable, Equatable, Codable {
        public var lotID: String
        public var size: Int
        public var severity: InspectionSeverity
        public var sampleSize: Int
    }

    public var dropID: String
    /// Lots created (or, in a dry run, that would be).
    public var created: [Planned] = []
    /// Lots recorded by an earlier run, left as they were.
    public var existing: [String] = []
}
