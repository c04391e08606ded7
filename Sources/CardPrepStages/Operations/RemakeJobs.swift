import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The remake jobs for spoiled cards: one per original job that spoiled cards, named `<job>-R<nn>` (the drop's
/// n-th remake of that job), its cards in batches per branch in the job's route order.
struct RemakeJobPlan {
    /// A remake job with the original job it remakes cards of, and the records it holds.
    struct Job {
        var planned: JobPlan.PlannedJob
        var original: String
        var records: Set<Int>
    }

    var jobs: [Job] = []
    private var cards: [SpoiledCard] = []
    typealias SpoiledCard = CardRemaking.SpoiledCard

    init(drop: DropRecord, cards: [SpoiledCard], manifest: JobManifest, earlier: [CardRemakeRecord], machinesFolder: String) throws {
        self.cards = cards
        for job in manifest.jobs {
            let spoiled = cards.filter { $0.job == job.id }
            guard !spoiled.isEmpty else { continue }
            let number = Set(earlier.filter { $0.job == job.id }.map(\.remakeJob)).count + 1
            let id = "\(job.id)-R\(String(format: "%02d", number))"
            var branches: [String] = []
            for batch in job.batches where !branches.contains(batch.branch) { branches.append(batch.branch) }
            var batches: [JobManifest.Batch] = []
            var sequence = 1
            for branch in branches {
                let count = spoiled.filter { $0.branch == branch }.count
                guard count > 0 else { continue }
                let lines = job.batches.filter { $0.branch == branch }.flatMap(\.orderLines)
                batches.append(JobManifest.Batch(
                    id: "\(id)-B\(String(format: "%03d", batches.count + 1))", branch: branch,
                    orderLines: lines.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }, firstSequence: sequence, cards: count))
                sequence += count
            }
            let machine = try MachineProfile.find(job.machine, in: machinesFolder)
            jobs.append(Job(planned: JobPlan.PlannedJob(id: id, machine: machine, product: job.product, batches: batches),
                            original: job.id, records: Set(spoiled.map(\.record))))
        }
    }

    /// The spoiled card of `record` that remake job `job` remakes.
    func card(ofRecord record: Int, job: String) -> SpoiledCard {
        let original = jobs.first { $0.planned.id == job }?.original
        return cards.first { $0.record == record && $0.job == original }!
    }
}

/// Writes remake jobs from a drop's working copy, as transform writes jobs: each job file in its machine's outbox,
/// encrypted to the station, and each card's place in it.
struct RemakeJobWriting {
    let pipeline: PipelineDefinition
    let drop: DropRecord

    /// The job files written and each card's place: its record, remake job, batch and position.
    struct Written {
        var files: [JobFileRecord] = []
        var places: [(record: Int, job: String, batch: String, sequence: Int)] = []
    }

    /// Writes every job of `plan` from the card data at `cardFile` (the drop's working copy), one pass per job.
    /// - Throws: `TransformError.countMismatch` when the working copy does not hold the records; configuration, I/O and
    ///   encryption errors.
    func write(_ plan: RemakeJobPlan, cardFile: String, now: Date) throws -> Written {
        guard let profile = try CustomerProfile.find(customer: drop.customer, in: pipeline.customersFolder) else {
            throw ConfigurationError(file: pipeline.customersFolder + "/" + drop.customer + ".yml", line: nil, reason: "no profile")
        }
        let work = DropWorkFolder(drop)
        let order = try work.order(schemaFile: pipeline.orderSchemaFile)
        var addresses: [String: PostalAddress] = [:]
        for branch in order.customerUnit.branches where addresses[branch.code] == nil { addresses[branch.code] = branch.address }
        let keys = try DataKeyStore(pipeline: pipeline)
        let dataKey = (recipients: try keys.recipients(for: drop.id), identities: try keys.identity(for: drop.id))
        let fingerprintKey = try pipeline.fingerprintKey(for: "cardprep remake")
        var written = Written()
        for job in plan.jobs {
            let outbox = pipeline.jobsOutbox + "/" + job.planned.machine.id
            try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
            let writer = try JobFileWriter(job: job.planned, outbox: outbox, carrierAddresses: addresses, spoolFolder: drop.workPath,
                                           dataKey: dataKey)
            let trace = try CardTraceSpool(dropID: drop.id, folder: drop.workPath, key: fingerprintKey, dataKey: dataKey)
            var filling = JobFilling(
                reader: try CardDataReader(
                    source: try AgeDecryptingSource(wrapping: try FileByteSource(path: cardFile), identities: dataKey.identities),
                    contract: profile.contract),
                contract: profile.contract, routes: JobRoutes(writers: [writer]), rejected: [], dropID: drop.id, trace: trace)
            filling.only = job.records
            try filling.run()
            let cards = try writer.finish()
            written.files.append(JobFileRecord(
                path: writer.path, dropID: drop.id, jobID: job.planned.id, machine: job.planned.machine.id,
                sha256: try writer.sha256 ?? FileDigest.sha256(path: writer.path), cards: cards, issuedAt: now))
            try trace.forEach { row in written.places.append((row.record, row.job, row.batch, row.sequence)) }
        }
        return written
    }
}
