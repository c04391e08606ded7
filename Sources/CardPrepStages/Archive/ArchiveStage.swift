import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import Logging

/// The archive stage: writes each drop's bundle into the vault (with the latest signed audit checkpoint in it, as
/// `audit/` entries), verifies it (every entry decrypted and re-hashed), and only then purges the drop's working data:
/// its data key is destroyed (crypto-shredding), its work folder and kept originals deleted, and the drop marked
/// `archived` with the custody events `bundle.written`, `bundle.verified`, `datakey.destroyed`, `work.purged`.
///
/// A re-run after a kill finds the recorded bundle and goes on from verification; a bundle file the ledger
/// never recorded is moved aside (never overwritten) and written again.
public struct ArchiveStage: Stage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    let settings: ArchiveSettings
    /// Files of later stages to add to a drop's bundle: its reports and manifests (see `StageOutputs`).
    public var stageFiles: (DropRecord) throws -> [BundleFile] = { StageOutputs.bundleFiles(of: $0) }
    let name = PipelineDefinition.Stage.archive
    /// The states a drop is archived from in this pipeline (see `archivable(in:)`).
    public var takes: Set<DropState>
    private var tools: (keys: VaultKeys, vault: Vault, verifier: VaultVerifier)?
    /// The vault key recombined from custodians' shares, to verify bundles with instead of the identity file.
    public var recombinedKey: RecombinedVaultKey?

    /// Creates the stage for one run.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext, settings: ArchiveSettings) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context; self.settings = settings
        takes = Self.archivable(in: pipeline)
    }

    /// The states a drop is archived from: rejected, or the state the pipeline's last stage before archive leaves it in
    /// (inspected, reconciled, jobs issued or validated).
    public static func archivable(in pipeline: PipelineDefinition) -> Set<DropState> {
        let stages = pipeline.stages
        let finished: DropState? = stages.contains(.inspect) ? .inspected : stages.contains(.reconcile) ? .reconciled
            : stages.contains(.transform) ? .jobsIssued : stages.contains(.validate) ? .validated : nil
        return Set([.rejected] + (finished.map { [$0] } ?? []))
    }

    mutating func prepare() throws {
        var vault = Vault(settings: settings, ledger: ledger, context: context)
        vault.recombinedKey = recombinedKey
        tools = (vault.keys, vault, try vault.verifier(decrypt: true))
    }

    /// Archives the given drops.
    /// - Returns: one outcome per drop.
    /// - Throws: `LedgerError.refused` (before any work) when a drop is not in a state this pipeline archives from;
    ///   `VaultError` for a missing key, drop or order, `LedgerError`, archive and I/O errors. A bundle that does not
    ///   verify does not throw: its drop keeps its working data, is recorded as failed, and the report says why.
    public func run(dropIDs: [String]) throws -> ArchiveReport {
        var drops: [DropRecord] = []
        for dropID in dropIDs {
            guard let drop = try ledger.drop(id: dropID) else { throw VaultError.notFound("drop \(dropID) in the ledger") }
            guard drop.state == .archived || takes.contains(drop.state) else {
                throw LedgerError.refused(DropTransitionRefusal(action: .archive, state: drop.state, allowed: takes, drop: drop.label))
            }
            drops.append(drop)
        }
        var stage = self
        try stage.prepare()
        var report = ArchiveReport()
        for drop in drops {
            if drop.state == .archived {
                report.outcomes.append(ArchiveOutcome(dropID: drop.id, customer: drop.customer, name: drop.name, kind: .alreadyArchived))
                continue
            }
            if case let .moved(_, outcome) = try stage.run(drop) { report.outcomes.append(outcome) }
        }
        return report
    }

    func run(_ drop: DropRecord) throws -> StepOutcome<ArchiveOutcome> {
        guard let tools else { throw VaultError.notFound("vault keys (the stage was not prepared)") }
        let undisposed = try LotDisposal.undisposed(dropID: drop.id, ledger: ledger)
        guard undisposed.isEmpty else {
            return .waiting("lot(s) \(undisposed.joined(separator: ", ")) not accepted and without a disposition (cardprep qa dispose)")
        }
        let outcome = try archive(drop, keys: tools.keys, vault: tools.vault, verifier: tools.verifier)
        context.logger.info("archive: \(outcome.text)", metadata: ["dropID": "\(drop.id.prefix(12))", "customer": "\(drop.customer)"])
        switch outcome.kind {
        case .archived: return .moved(.archived, outcome)
        case let .verificationFailed(faults):
            let error = "the bundle does not verify: " + faults.map(\.description).joined(separator: "; ")
            let failure = DropFailureDetail(
                stage: name.rawValue, error: error,
                fix: "find out why the vault copy differs (disk, tampering), then run: "
                    + FailureRemedy(pipeline: pipeline).retryCommand(for: drop))
            try ledger.transition(
                DropTransition(dropID: drop.id, action: .fail, actor: context.actor, host: context.host, reason: error, failure: failure),
                at: context.now())
            return .moved(.failed, outcome)
        case .alreadyArchived, .wouldArchive: return .moved(drop.state, outcome)
        }
    }

    private func archive(_ drop: DropRecord, keys: VaultKeys, vault: Vault, verifier: VaultVerifier) throws -> ArchiveOutcome {
        func outcome(_ kind: ArchiveOutcome.Kind) -> ArchiveOutcome {
            ArchiveOutcome(dropID: drop.id, customer: drop.customer, name: drop.name, kind: kind)
        }
        if drop.state == .archived { return outcome(.alreadyArchived) }
        var record = try ledger.bundle(dropID: drop.id)
        if record == nil {
            let identity = try identity(of: drop)
            if context.dryRun { return outcome(.wouldArchive(bundle: identity.relativePath)) }
            record = try writeBundle(drop, identity: identity, keys: keys)
        }
        guard let record else { throw VaultError.notFound("bundle of drop \(drop.id)") }
        if context.dryRun { return outcome(.wouldArchive(bundle: record.path)) }
        let check = verifier.verify(path: vault.path(of: record), readData: true, expectedSHA256: record.sha256, expectedDropID: drop.id)
        guard check.passed else {
            let faults = check.faults.map(\.description).joined(separator: "; ")
            try ledger.appendAudit(vault.event("bundle.verification-failed", record, ["faults": faults]), at: context.now())
            return outcome(.verificationFailed(check.faults))
        }
        try JobFileOutbox(ledger: ledger, context: context).remove(of: drop.id, because: "drop archived")
        // What the customer gets leaves the work folder before it is purged.
        let published = try CustomerOutbox(pipeline: pipeline, ledger: ledger, context: context).publish(drop)
        try purge(drop, record: record, verification: check, vault: vault, published: published)
        var archived = outcome(.archived(bundle: record.path))
        archived.published = published
        return archived
    }

    /// The bundle's identity from the drop's orders; a drop rejected for an unreadable order is still archived,
    /// with its reject report, under `REJECTED/<customer>/UNREADABLE-ORDER`.
    private func identity(of drop: DropRecord) throws -> BundleIdentity {
        let orders: [Order]
        do {
            orders = [try DropWorkFolder(drop).order(schemaFile: settings.orderSchemaFile)]
        } catch {
            guard drop.state == .rejected else { throw error }
            return BundleIdentity(
                bundleID: String(drop.id.prefix(16)), contract: "REJECTED", unit: drop.customer, product: "UNREADABLE-ORDER",
                date: String(Timestamp.iso8601(drop.registeredAt).prefix(10)), quantity: 0)
        }
        return BundleIdentity(dropID: drop.id, orders: orders)
    }

    private func writeBundle(_ drop: DropRecord, identity: BundleIdentity, keys: VaultKeys) throws -> VaultBundleRecord {
        let now = context.now()
        let path = settings.vaultFolder + "/" + identity.relativePath
        // A bundle at this path that the ledger does not know was written by an archive of this same drop (the path
        // names the drop) that was stopped before it could record it. Nothing refers to it; it is written again.
        for leftover in [path, path + ".sig"] where FileManager.default.fileExists(atPath: leftover) {
            try FileManager.default.removeItem(atPath: leftover)
            context.logger.warning("removed an unrecorded bundle left by an interrupted archive", metadata: ["path": "\(leftover)"])
            try ledger.appendAudit(AuditEvent(event: "bundle.unrecorded-removed", dropID: drop.id, actor: context.actor,
                                              host: context.host, details: ["path": identity.relativePath]), at: now)
        }
        // The latest signed audit checkpoint travels in every bundle, as a copy outside the ledger.
        let checkpoint = AuditCheckpoints(pipeline: pipeline, settings: settings, ledger: ledger).bundleFiles()
        let files = try BundleFile.gather(drop: drop, ledger: ledger) + stageFiles(drop) + checkpoint
        let writer = BundleWriter(settings: settings, signingKey: try keys.signingKey(), recipients: try keys.recipients())
        let written = try writer.write(files: files, drop: drop, identity: identity, created: now)
        let record = VaultBundleRecord(
            id: identity.bundleID, dropID: drop.id, path: written.relativePath, contract: identity.contract, unit: identity.unit,
            product: identity.product, date: identity.date, quantity: identity.quantity, sha256: written.sha256, created: now,
            retainUntil: Vault.retainUntil(now, months: settings.retentionMonths))
        let vault = Vault(settings: settings, ledger: ledger, context: context)
        try ledger.recordBundle(
            record, event: vault.event("bundle.written", record, [
                "sha256": written.sha256, "entries": String(written.manifest.entries.count),
                "retainUntil": Timestamp.iso8601(record.retainUntil),
            ]), at: now)
        try VaultIndex(settings: settings, ledger: ledger).rebuild()
        return record
    }

    /// Destroys the data key, deletes the work folder and kept originals, then records it all in one transaction.
    private func purge(
        _ drop: DropRecord, record: VaultBundleRecord, verification: VaultVerification, vault: Vault,
        published: CustomerOutbox.Publication?
    ) throws {
        let fm = FileManager.default
        let keyFile = pipeline.dataKeyFolder + "/" + drop.id + DataKeyStore.wrappedSuffix
        // The wrapped key, and a clear key an earlier version left.
        for file in [keyFile, pipeline.dataKeyFolder + "/" + drop.id + ".agekey"] where fm.fileExists(atPath: file) {
            let size = (try fm.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
            if let handle = FileHandle(forWritingAtPath: file) {  // overwrite in place before unlinking
                try handle.write(contentsOf: Data(count: size))
                try handle.synchronize()
                try handle.close()
            }
            try fm.removeItem(atPath: file)
            try FileSystemSync.syncDirectory(containing: file)
        }
        for folder in [drop.workPath, drop.originalsPath] where fm.fileExists(atPath: folder) {
            try fm.removeItem(atPath: folder)
            try FileSystemSync.syncDirectory(containing: folder)
        }
        let key = drop.dataKeyRecipient
        // What the customer got, recorded with the purge: once, however often the run was interrupted.
        let outbox = published.map {
            AuditEvent(event: "outbox.published", dropID: drop.id, actor: context.actor, host: context.host,
                       details: ["folder": $0.folder, "files": String($0.files), "manifestSHA256": $0.manifestSHA256])
        }
        try ledger.markDropArchived(
            drop.id,
            events: (outbox.map { [$0] } ?? []) + [
                vault.event("bundle.verified", record, ["readData": "true", "entries": String(verification.entriesChecked)]),
                AuditEvent(event: "datakey.destroyed", dropID: drop.id, actor: context.actor, host: context.host, key: key,
                           details: ["wrappedKeyFile": keyFile, "how": "wrapped key overwritten and deleted"]),
                AuditEvent(event: "work.purged", dropID: drop.id, actor: context.actor, host: context.host,
                           details: ["work": drop.workPath, "originals": drop.originalsPath, "bundle": record.id]),
            ],
            summary: "bundle \(record.path)",
            transition: DropTransition(dropID: drop.id, action: .archive, actor: context.actor, host: context.host,
                                       reason: "bundle \(record.path) verified; working data destroyed"),
            at: context.now())
    }
}
