import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The transform stage: turns each validated drop's accepted records into personalisation jobs for the
/// production stations, written in each machine's layout and encrypted to the station's key, plus a job
/// manifest (no card data) that reconciliation and inspection read.
///
/// Job files go to `<jobs_outbox>/<machine>/<job>.<ext>.age`; the manifest to `<work>/jobs/jobs.json`. The
/// drop's card data is read once for all jobs (see ``JobFileWriter``), so memory does not grow with the drop.
public struct TransformStage: Stage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    public static let name = "transform"
    let name = PipelineDefinition.Stage.transform
    let takes: Set<DropState> = [.validated]

    /// Creates the stage for one run.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    func run(_ drop: DropRecord) throws -> StepOutcome<JobManifest> {
        let manifest = try transform(drop)
        context.logger.info("jobs written", metadata: ["dropID": "\(drop.id.prefix(12))", "jobs": .stringConvertible(manifest.jobs.count)])
        LedgerLookupMerge.ifDue("card trace", rows: "rows", logger: context.logger) { () throws(LedgerError) in
            try ledger.mergeTraceIfDue()
        }
        return .moved(.jobsIssued, manifest)
    }

    private func transform(_ drop: DropRecord) throws -> JobManifest {
        let fm = FileManager.default
        let work = DropWorkFolder(drop)
        let summary = try work.validationOutcome()
        let order = try work.order(schemaFile: pipeline.orderSchemaFile)
        guard let profile = try CustomerProfile.find(customer: drop.customer, in: pipeline.customersFolder) else {
            throw ConfigurationError(file: pipeline.customersFolder + "/" + drop.customer + ".yml", line: nil, reason: "no profile")
        }
        var machines: [String: [MachineProfile]] = [:]
        for line in order.lines where machines[line.productCode] == nil {
            let ids = profile.machinesByProduct[line.productCode] ?? []
            guard !ids.isEmpty else { throw TransformError.noMachine(customer: drop.customer, product: line.productCode) }
            machines[line.productCode] = try ids.map { id throws(ConfigurationError) in try MachineProfile.find(id, in: pipeline.machinesFolder) }
        }
        let plan = JobPlan(dropID: drop.id, order: order, summary: summary, machines: machines)
        let writers = try jobFileWriters(for: drop, plan: plan, order: order, profile: profile)
        let routes = JobRoutes(writers: writers)
        let rejected = Set(summary.rejectedRecords)
        let keys = try DataKeyStore(pipeline: pipeline)
        let identities = try keys.identity(for: drop.id)
        let cardPath = work.cards + "/" + (summary.cardFile ?? "")
        // Each card's place in its jobs, for the ledger's trace rows; they wait encrypted in the work folder.
        let trace = try CardTraceSpool(
            dropID: drop.id, folder: drop.workPath, key: try pipeline.fingerprintKey(for: "the transform stage (card trace)"),
            dataKey: (try keys.recipients(for: drop.id), identities))
        // One pass over the card data: each accepted record goes to every job and branch segment it belongs in.
        var filling = JobFilling(
            reader: try CardDataReader(
                source: try AgeDecryptingSource(wrapping: try FileByteSource(path: cardPath), identities: identities),
                contract: profile.contract),
            contract: profile.contract, routes: routes, rejected: rejected, dropID: drop.id, trace: trace)
        if let reporter = context.cardProgress {
            let total = summary.records, label = drop.label
            filling.progress = { reporter.cards($0, of: total, stage: .transform, drop: label) }
        }
        try filling.run()
        let now = context.now()
        var jobs: [JobManifest.Job] = []
        var files: [JobFileRecord] = []
        for writer in writers {
            let written = try writer.finish()
            let job = writer.job
            let digest = try writer.sha256 ?? FileDigest.sha256(path: writer.path)
            jobs.append(JobManifest.Job(
                id: job.id, machine: job.machine.id, station: job.machine.station, product: job.product, layout: job.machine.layout.rawValue,
                file: job.machine.id + "/" + writer.fileName, sha256: digest, cards: written, runs: job.runs))
            files.append(JobFileRecord(path: writer.path, dropID: drop.id, jobID: job.id, machine: job.machine.id, sha256: digest,
                                       cards: written, issuedAt: now))
        }
        let manifest = JobManifest(
            dropID: drop.id, customer: drop.customer, orderID: order.id, contract: order.contractNumber,
            created: Timestamp.iso8601(now), jobs: jobs,
            lines: summary.lines.map {
                JobManifest.LineCount(orderLine: $0.orderLine, product: $0.product, branch: $0.branch, ordered: $0.ordered,
                                      accepted: $0.accepted, rejected: $0.rejected)
            })
        try fm.createDirectory(atPath: work.jobs, withIntermediateDirectories: true)
        var manifestFile = try AtomicFileWriter(path: work.jobManifestFile, mode: 0o640)
        try manifest.writeJSON(to: &manifestFile)
        try manifestFile.commit()
        let words = "\(jobs.count) job(s), \(plan.jobs.reduce(0) { $0 + $1.batchCount }) batch(es)"
        // The shipping plan the floor packs and books by, recorded before the jobs are (a re-run keeps the first).
        try ShippingPlanning(pipeline: pipeline, ledger: ledger, context: context).plan(
            drop, order: order, accepted: Dictionary(summary.lines.map { ($0.orderLine, $0.accepted) }) { first, _ in first },
            rules: profile.shipping)
        try ledger.completeTransform(
            StepRecord(dropID: drop.id, stage: Self.name, completedAt: now, summary: words),
            jobFiles: files, traces: trace.forEach,
            transition: DropTransition(dropID: drop.id, action: .issueJobs, actor: context.actor, host: context.host, reason: words),
            events: [AuditEvent(event: "jobs.written", dropID: drop.id, actor: context.actor, host: context.host,
                                details: ["jobs": jobs.map(\.id).joined(separator: ","),
                                          "cards": String(jobs.reduce(0) { $0 + $1.cards })])],
            at: now)
        return manifest
    }
}

extension TransformStage {
    /// Starts the job file of every planned job, in the machines' outbox folders.
    private func jobFileWriters(for drop: DropRecord, plan: JobPlan, order: Order, profile: CustomerProfile) throws
        -> [JobFileWriter]
    {
        let keys = try DataKeyStore(pipeline: pipeline)
        let dataKey = (recipients: try keys.recipients(for: drop.id), identities: try keys.identity(for: drop.id))
        var carrierAddresses: [String: PostalAddress] = [:]
        for branch in order.customerUnit.branches where carrierAddresses[branch.code] == nil {
            carrierAddresses[branch.code] = branch.address
        }
        var cardKeys: [String: any CardVerificationCipher] = [:]
        let production = CalendarDate(utc: context.now())
        return try plan.jobs.map { job in
            let outbox = pipeline.jobsOutbox + "/" + job.machine.id
            try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
            let product = profile.personalisationByProduct[job.product] ?? ProductPersonalisation()
            if job.machine.layout == .chipCPS, product.chip?.records == nil {
                throw TransformError.noChipRecords(customer: drop.customer, product: job.product, machine: job.machine.id)
            }
            if cardKeys[job.product] == nil, let reference = profile.cardVerificationKeys[job.product] {
                cardKeys[job.product] = try pipeline.cardVerificationKey(reference)
            }
            let encoder = JobLineEncoder(machine: job.machine, product: product, production: production, key: cardKeys[job.product])
            return try JobFileWriter(job: job, outbox: outbox, carrierAddresses: carrierAddresses, spoolFolder: drop.workPath,
                                     dataKey: dataKey, encoder: encoder)
        }
    }
}

/// What the transform stage made.
public struct TransformReport: Sendable {
    public var manifests: [JobManifest] = []
    /// Drops that could not be transformed this time; they are failed in the ledger.
    public var failures: [FailedDrop] = []

    /// The report of a stage run.
    init(_ results: StageResults<JobManifest>) {
        manifests = results.results.map(\.result)
        failures = results.failed
    }

    /// One line for people.
    public var summary: String {
        let jobs = manifests.reduce(0) { $0 + $1.jobs.count }
        let cards = manifests.reduce(0) { $0 + $1.jobs.reduce(0) { $0 + $1.cards } }
        return "transform: \(manifests.count) drop(s), \(jobs) job(s), \(cards) card(s) to personalise"
            + (failures.isEmpty ? "" : ", \(failures.count) failed")
    }
}
