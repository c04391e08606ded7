import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import CardPrepXML
import Foundation

/// The transform stage: turns each validated drop's accepted records into personalisation jobs for the
/// production stations, written in each machine's layout and encrypted to the station's key, plus a job
/// manifest (no card data) that reconciliation and inspection read.
///
/// Job files go to `<jobs_outbox>/<machine>/<job>.<ext>.age`; the manifest to `<work>/jobs/jobs.json`. The
/// drop's card data is read once per job and branch, so memory does not grow with the drop.
public struct TransformStage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    public static let name = "transform"

    /// Creates the stage for one run.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// Transforms every drop that passed validation and has no jobs yet.
    /// - Throws: `TransformError`, configuration, key and I/O errors.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> TransformReport {
        let due = try ledger.drops().filter { $0.state == .ingested }.filter { drop in
            let stages = try ledger.steps(of: drop.id).map(\.stage)
            return stages.contains(ValidateStage.name) && !stages.contains(Self.name)
        }
        var report = TransformReport()
        guard !due.isEmpty else { return report }
        let schema = try XMLSchemaValidator(schemaAt: pipeline.orderSchemaFile)
        for (index, drop) in due.enumerated() {
            progress(index, due.count)
            if context.dryRun { continue }
            let manifest: JobManifest
            do {
                manifest = try transform(drop, schema: schema)
            } catch where DropFailure.isPerDrop(error) {
                context.logger.error("transform failed for a drop: \(error)", metadata: ["dropID": "\(drop.id.prefix(12))"])
                report.failures.append(DropFailure(stage: Self.name, dropID: drop.id, customer: drop.customer, drop: drop.name,
                                                   message: "\(error)"))
                continue
            }
            report.manifests.append(manifest)
            context.logger.info("jobs written", metadata: ["dropID": "\(drop.id.prefix(12))", "jobs": "\(manifest.jobs.count)"])
        }
        progress(due.count, due.count)
        return report
    }

    private func transform(_ drop: DropRecord, schema: XMLSchemaValidator) throws -> JobManifest {
        let fm = FileManager.default
        let summary = try ValidationSummary.load(workPath: drop.workPath)
        let order = try DropWork(drop: drop).order(schema: schema)
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
        let rejected = Set(summary.rejectedRecords)
        let identities = try DataKeyStore(folder: pipeline.dataKeyFolder).identity(for: drop.id)
        let cardPath = drop.workPath + "/cards/" + (summary.cardFile ?? "")
        let carrier = order.customerUnit.branches
        var jobs: [JobManifest.Job] = []
        for job in plan.jobs {
            let folder = pipeline.jobsOutbox + "/" + job.machine.id
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let file = "\(job.id).\(job.machine.layout.fileExtension).age"
            let output = try AtomicFileWriter(path: folder + "/" + file, mode: 0o640)
            let sink = try AgeEncryptingSink(wrapping: output, recipients: job.machine.recipients, armored: false)
            try sink.write(Array(JobFileLayout.header(job: job.id, machine: job.machine, cards: job.cards).utf8))
            var written = 0
            var branches: [String] = []
            for batch in job.batches where !branches.contains(batch.branch) { branches.append(batch.branch) }
            for branch in branches {
                // One pass over the card data per branch; the branch's batches take its records in file order.
                var batches = job.batches.filter { $0.branch == branch }[...]
                var inBatch = 0
                var reader = try CardDataReader(
                    source: try AgeDecryptingSource(wrapping: try FileByteSource(path: cardPath), identities: identities),
                    contract: profile.contract)
                while let batch = batches.first, let event = try reader.next() {
                    guard case let .detail(record, _) = event, record.productCode == job.product, record.branchCode == branch,
                          batch.orderLines.contains(record.orderLine), !rejected.contains(record.recordNumber) else { continue }
                    let personalised: PersonalisationRecord
                    do {
                        personalised = try PersonalisationRecord.make(
                            from: record, settings: job.machine.personalisation,
                            carrierAddress: carrier.first { $0.code == record.branchCode }?.address)
                    } catch {
                        throw TransformError.record(dropID: drop.id, recordNumber: record.recordNumber, reason: "\(error)")
                    }
                    let line = JobFileLayout.line(personalised, sequence: batch.firstSequence + inBatch, batch: batch.id, layout: job.machine.layout)
                    try sink.write(Array(line.utf8))
                    inBatch += 1
                    written += 1
                    if inBatch == batch.cards { batches = batches.dropFirst(); inBatch = 0 }
                }
            }
            guard written == job.cards else { throw TransformError.countMismatch(job: job.id, planned: job.cards, written: written) }
            try sink.write(Array(JobFileLayout.trailer(cards: written).utf8))
            _ = try sink.finish()
            try output.commit()
            jobs.append(JobManifest.Job(
                id: job.id, machine: job.machine.id, station: job.machine.station, product: job.product, layout: job.machine.layout.rawValue,
                file: job.machine.id + "/" + file, sha256: try FileDigest.sha256(path: folder + "/" + file), cards: written,
                batches: job.batches))
        }
        let manifest = JobManifest(
            dropID: drop.id, customer: drop.customer, orderID: order.id, contract: order.contractNumber,
            created: Timestamp.iso8601(context.now()), jobs: jobs,
            lines: summary.lines.map {
                JobManifest.LineCount(orderLine: $0.orderLine, product: $0.product, branch: $0.branch, ordered: $0.ordered,
                                      accepted: $0.accepted, rejected: $0.rejected)
            })
        try fm.createDirectory(atPath: drop.workPath + "/jobs", withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFileWriter.write(Array(try encoder.encode(manifest)), to: drop.workPath + "/jobs/jobs.json", mode: 0o644)
        let now = context.now()
        try ledger.completeStep(
            StepRecord(dropID: drop.id, stage: Self.name, completedAt: now,
                       summary: "\(jobs.count) job(s), \(plan.jobs.reduce(0) { $0 + $1.batches.count }) batch(es)"),
            events: [AuditEvent(event: "jobs.written", dropID: drop.id, actor: context.actor, host: context.host,
                                details: ["jobs": jobs.map(\.id).joined(separator: ","),
                                          "cards": String(jobs.reduce(0) { $0 + $1.cards })])],
            at: now)
        return manifest
    }
}

/// What the transform stage made.
public struct TransformReport: Sendable {
    public var manifests: [JobManifest] = []
    /// Drops that could not be transformed this time (see `DropFailure`).
    public var failures: [DropFailure] = []

    /// One line for people.
    public var summary: String {
        let jobs = manifests.reduce(0) { $0 + $1.jobs.count }
        let cards = manifests.reduce(0) { $0 + $1.jobs.reduce(0) { $0 + $1.cards } }
        return "transform: \(manifests.count) drop(s), \(jobs) job(s), \(cards) card(s) to personalise"
            + (failures.isEmpty ? "" : ", \(failures.count) failed")
    }
}
