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
            // One batch a branch, whatever the tray size: a run whose tray holds all of the branch's spoiled cards.
            var runs: [JobManifest.BatchRun] = []
            var sequence = 1
            for branch in branches {
                let count = spoiled.filter { $0.branch == branch }.count
                guard count > 0 else { continue }
                let lines = job.batches.filter { $0.branch == branch }.flatMap(\.orderLines)
                runs.append(JobManifest.BatchRun(
                    branch: branch, orderLines: lines.reduce(into: []) { if !$0.contains($1) { $0.append($1) } },
                    firstSequence: sequence, cards: count, traySize: count, firstNumber: runs.count + 1))
                sequence += count
            }
            let machine = try MachineProfile.find(job.machine, in: machinesFolder)
            jobs.append(Job(planned: JobPlan.PlannedJob(id: id, machine: machine, product: job.product, runs: runs),
                            original: job.id, records: Set(spoiled.map(\.record))))
        }
    }

    /// The spoiled card of `record` that remake job `job` remakes.
    func card(ofRecord record: Int, job: String) -> SpoiledCard {
        let original = jobs.first { $0.planned.id == job }?.original
        return cards.first { $0.record == record && $0.job == original }!
    }
}

/// Where a remake's card data and order come from: the drop's working copy under its data key, or an archived drop's
/// bundle, decrypted into a private folder under a fresh data key of its own (`ArchivedRemakeData`).
struct RemakeCardSource {
    /// The card data file, age-encrypted to `dataKey`.
    var cardFile: String
    /// The drop's order as validate parsed it.
    var order: Order
    /// The key the card data file and every spool are encrypted under.
    var dataKey: (recipients: [any AgeRecipient], identities: [any AgeIdentity])
    /// Where the job writer and the card trace keep their (encrypted) spools.
    var spoolFolder: String
    /// The job manifest transform wrote.
    var manifest: JobManifest

    /// The drop's working copy.
    /// - Throws: `CardRemakeError.noWorkingCopy` when the drop has no card data left; configuration and key errors.
    static func workingCopy(of drop: DropRecord, pipeline: PipelineDefinition) throws -> RemakeCardSource {
        let work = DropWorkFolder(drop)
        guard let summary = try? work.validationOutcome(), let cardFile = summary.cardFile,
              FileManager.default.fileExists(atPath: work.cards + "/" + cardFile)
        else { throw CardRemakeError.noWorkingCopy(drop: drop.label) }
        let keys = try DataKeyStore(pipeline: pipeline)
        return RemakeCardSource(
            cardFile: work.cards + "/" + cardFile, order: try work.order(schemaFile: pipeline.orderSchemaFile),
            dataKey: (recipients: try keys.recipients(for: drop.id), identities: try keys.identity(for: drop.id)),
            spoolFolder: drop.workPath, manifest: try work.jobManifest())
    }
}

/// Writes remake jobs from a drop's card data, as transform writes jobs: each job file in its machine's outbox,
/// encrypted to the station, and each card's place in it.
struct RemakeJobWriting {
    let pipeline: PipelineDefinition
    let drop: DropRecord

    /// The job files written and each card's place: its record, remake job, batch and position.
    struct Written {
        var files: [JobFileRecord] = []
        var places: [(record: Int, job: String, batch: String, sequence: Int)] = []
    }

    /// Writes every job of `plan` from `source`, one pass over its card data per job.
    /// - Throws: `TransformError.countMismatch` when the card data does not hold the records; configuration, I/O and
    ///   encryption errors.
    func write(_ plan: RemakeJobPlan, from source: RemakeCardSource, now: Date) throws -> Written {
        guard let profile = try CustomerProfile.find(customer: drop.customer, in: pipeline.customersFolder) else {
            throw ConfigurationError(file: pipeline.customersFolder + "/" + drop.customer + ".yml", line: nil, reason: "no profile")
        }
        var addresses: [String: PostalAddress] = [:]
        for branch in source.order.customerUnit.branches where addresses[branch.code] == nil { addresses[branch.code] = branch.address }
        let dataKey = source.dataKey
        let fingerprintKey = try pipeline.fingerprintKey(for: "cardprep remake")
        var written = Written()
        for job in plan.jobs {
            let outbox = pipeline.jobsOutbox + "/" + job.planned.machine.id
            try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
            let writer = try JobFileWriter(job: job.planned, outbox: outbox, carrierAddresses: addresses, spoolFolder: source.spoolFolder,
                                           dataKey: dataKey)
            let trace = try CardTraceSpool(dropID: drop.id, folder: source.spoolFolder, key: fingerprintKey, dataKey: dataKey)
            var filling = JobFilling(
                reader: try CardDataReader(
                    source: try AgeDecryptingSource(wrapping: try FileByteSource(path: source.cardFile), identities: dataKey.identities),
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
