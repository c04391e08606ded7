import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import CardPrepOpenPGP
import Foundation
import Logging

/// The ingest stage: takes every complete drop from the inbox, verifies it, moves its card data from the
/// bureau's key to a new per-drop data key, keeps the customer's files as received, and registers the drop
/// in the ledger exactly once.
///
/// The files used are the files verified: every file is copied out of the inbox while it is hashed against the
/// signed manifest (`DropWorkCopy`), and only those copies are used, kept and archived; a file that changed after
/// the inbox scan quarantines the drop.
///
/// Order of work for one drop, so that a kill at any point leaves nothing a re-run would mistake for done:
/// work folder (with the originals staged in it) under a temporary name → renamed → ledger transaction (drop,
/// delivery, step, custody events) → inbox folder taken away and the originals moved to `received/`
/// (`DropOriginals`). A re-run removes an unregistered work folder and takes the drop again, or finishes a
/// registered drop's originals. Refused drops go to quarantine the same way, record first (`DropQuarantine`).
public struct IngestStage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    /// How inbox drops are claimed; nil: they are taken without a claim.
    var claiming: DropClaiming?

    /// Creates the stage for one run.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// Runs over the whole inbox.
    /// - Returns: one outcome per drop folder.
    /// - Throws: `IngestError`, `LedgerError` or I/O errors that stop the run (an unreadable inbox, a missing
    ///   bureau key, a full disk). A bad drop does not throw: it is quarantined and the run goes on.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> IngestReport {
        let identities = try loadBureauIdentities()
        let openPGPKey = try loadBureauOpenPGPKey()
        let scanner = InboxScanner(inbox: pipeline.inbox, settleTime: pipeline.settleTime, staleAfter: pipeline.staleAfter)
        let interrupted = try quarantines.finishInterrupted(held: try claiming?.heldOnOtherHosts() ?? [])
        let drops = try scanner.drops().filter { !interrupted.folders.contains($0.path) }
        PluginKeyPrefetch.prefetch(PluginKeyPrefetch.ageFiles(in: drops), identities: identities)
        var report = IngestReport(outcomes: interrupted.outcomes)
        for outcome in interrupted.outcomes { log(outcome) }
        for (index, drop) in drops.enumerated() {
            progress(index, drops.count)
            let status: InboxDropStatus
            do {
                status = try scanner.status(of: drop, now: context.now())
            } catch {
                // Another worker took the folder (ingested or quarantined it) between the scan and this look.
                if claiming != nil, !FileManager.default.fileExists(atPath: drop.path) { continue }
                throw error
            }
            guard let claiming, let key = Self.claimKey(drop, status) else {
                let outcome = try take(drop, status, identities: identities, openPGPKey: openPGPKey)
                log(outcome)
                report.outcomes.append(outcome)
                continue
            }
            let claimed = try claiming.withClaim(dropID: key, stage: PipelineDefinition.Stage.ingest.rawValue) { () -> IngestOutcome? in
                // Another worker may have taken the folder (ingested or quarantined it) since the scan.
                guard FileManager.default.fileExists(atPath: drop.path) else { return nil }
                return try take(drop, status, identities: identities, openPGPKey: openPGPKey)
            }
            let dropID: String? = if case let .ready(_, _, id) = status { id } else { nil }
            switch claimed {
            case let .done(outcome?):
                log(outcome)
                report.outcomes.append(outcome)
            case .done(nil): break
            case let .heldElsewhere(holder):
                report.heldElsewhere.append(
                    ClaimedElsewhere(stage: .ingest, dropID: dropID, customer: drop.customer, drop: drop.name, holder: holder))
            case let .refused(lost):
                context.logger.warning("ingest's claim on an inbox drop was lost; nothing of it was recorded", metadata: [
                    "customer": "\(drop.customer)", "drop": "\(drop.name)", "error": "\(lost)"])
                report.claimsLost.append(
                    ClaimedElsewhere(stage: .ingest, dropID: dropID, customer: drop.customer, drop: drop.name, holder: lost.heldBy))
            }
        }
        progress(drops.count, drops.count)
        return report
    }

    /// What ingest claims for an inbox drop before it takes it: a complete drop by its id (the manifest's digest), so
    /// that one drop delivered to two folders is taken once; a refused one by its folder (`inbox:<customer>/<drop>`).
    /// A drop still uploading is left alone and needs no claim.
    static func claimKey(_ drop: InboxDrop, _ status: InboxDropStatus) -> String? {
        switch status {
        case .uploading: nil
        case let .ready(_, _, dropID): dropID
        case .refused: "inbox:\(drop.customer)/\(drop.name)"
        }
    }

    private func take(
        _ drop: InboxDrop, _ status: InboxDropStatus, identities: [any AgeIdentity], openPGPKey: OpenPGPDecryptionKey?
    ) throws -> IngestOutcome {
        switch status {
        case let .uploading(reason, _, stale):
            return IngestOutcome(customer: drop.customer, name: drop.name, dropID: nil, kind: .uploading(reason: reason, stale: stale))
        case let .refused(rejection):
            return try quarantines.quarantine(drop, dropID: nil, rejection)
        case let .ready(manifest, manifestText, dropID):
            // A drop released from quarantine is registered in `received` and is taken again; so is a quarantined
            // drop the customer delivers again, now complete.
            if let registered = try ledger.drop(id: dropID) {
                if registered.state == .quarantined, !context.dryRun {
                    try takeAgain(registered, from: drop)
                } else if registered.state != .received && registered.state != .quarantined {
                    return try repeatDelivery(drop, of: registered, manifest: manifest, manifestText: manifestText)
                }
            }
            if context.dryRun {
                return IngestOutcome(customer: drop.customer, name: drop.name, dropID: dropID, kind: .ingested)
            }
            do {
                let signature = try signatureCheck.verify(drop, manifest: manifest, manifestText: manifestText)
                let copy = DropWorkCopy(drop: drop, manifest: manifest, manifestText: manifestText, signature: signature)
                try ingest(copy, dropID: dropID, identities: identities, openPGPKey: openPGPKey)
                return IngestOutcome(customer: drop.customer, name: drop.name, dropID: dropID, kind: .ingested)
            } catch let rejection as DropRejection {
                return try quarantines.quarantine(drop, dropID: dropID, rejection)
            }
        }
    }

    /// Releases a quarantined drop delivered again (quarantined → received), so that this delivery is taken.
    private func takeAgain(_ registered: DropRecord, from drop: InboxDrop) throws {
        guard let kept = try ledger.quarantineRecord(dropID: registered.id) else { return }
        let reason = "delivered again to \(drop.path)"
        try ledger.releaseQuarantine(
            keptAt: kept.keptAt,
            transition: DropTransition(dropID: registered.id, action: .retry, actor: context.actor, host: context.host, reason: reason),
            event: event("drop.released", registered.id, key: "", ["customer": drop.customer, "drop": drop.name, "reason": reason]),
            at: context.now())
    }

    private var quarantines: DropQuarantine { DropQuarantine(pipeline: pipeline, ledger: ledger, context: context) }

    private var signatureCheck: DropSignatureCheck { DropSignatureCheck(customersFolder: pipeline.customersFolder) }

    private func ingest(
        _ copy: DropWorkCopy, dropID: String, identities: [any AgeIdentity], openPGPKey: OpenPGPDecryptionKey?
    ) throws {
        let fm = FileManager.default
        let drop = copy.drop
        let keys = DataKeyStore(
            folder: pipeline.dataKeyFolder, wrapping: try DataKeyWrapping(identities: identities, file: pipeline.identityFile))
        let work = pipeline.workFolder + "/" + dropID
        let partial = work + ".partial"
        // What is removed and replaced below may be another worker's, should this one have stalled past its lease.
        try claiming?.checkStillHeld()
        try? fm.removeItem(atPath: partial)
        try? fm.removeItem(atPath: work)
        try fm.createDirectory(atPath: partial, withIntermediateDirectories: true)
        let dataKey = try keys.create(for: dropID)
        let totals: DropWorkCopy.Totals
        do {
            let reencryption = CardDataReencryption(
                bureauIdentities: identities, openPGPKey: openPGPKey, dataKeyRecipient: dataKey.recipient)
            totals = try copy.make(in: partial, reencryption: reencryption)
            guard rename(partial, work) == 0 else { throw ByteStreamError.write(path: work, errno: errno) }
            try FileSystemSync.syncDirectory(pipeline.workFolder)
        } catch {
            let stillHeld = (try? claiming?.checkStillHeld() ?? ()) != nil
            if stillHeld {
                try? fm.removeItem(atPath: partial)
                keys.discard(for: dropID)
            }
            throw error
        }
        let now = context.now()
        let originals = pipeline.receivedFolder + "/" + drop.customer + "/" + drop.name + "@" + dropID.prefix(12)
        let record = DropRecord(
            id: dropID, customer: drop.customer, name: drop.name, state: .ingested, registeredAt: now,
            originalsPath: originals, workPath: work, sourcePath: drop.path, dataKeyRecipient: dataKey.recipient.bech32,
            cardFileCount: totals.cardFiles, cardBytes: totals.cardBytes)
        let usesOpenPGP = copy.manifest.entries.contains { DropFileKind(fileName: $0.name) == .openPGPCardData }
        let bureauKeys = usesOpenPGP
            ? (openPGPKey?.fingerprints ?? []).map { "openpgp:" + $0 }.joined(separator: ",")
            : totals.openedWith.sorted().joined(separator: ",")
        try ledger.registerIngestedDrop(
            record,
            delivery: DeliveryRecord(
                dropID: dropID, customer: drop.customer, name: drop.name, kind: .first, receivedAt: now, keptAt: originals),
            step: StepRecord(dropID: dropID, stage: "ingest", completedAt: now, summary: "\(totals.cardFiles) card data file(s)"),
            events: [
                event("drop.received", dropID, key: copy.signature.signer,
                      ["customer": drop.customer, "drop": drop.name, "files": String(copy.manifest.entries.count)]),
                event("datakey.created", dropID, key: dataKey.recipient.bech32, [:]),
                event("drop.ingested", dropID, key: bureauKeys,
                      ["cardFiles": String(totals.cardFiles), "cardBytes": String(totals.cardBytes)]),
            ],
            actor: context.actor, host: context.host, at: now)
        try DropOriginals(drop: record).finish()
    }

    /// A drop whose manifest is registered already: either the first delivery whose keeping in `received/` was
    /// interrupted (finish it), or a repeated delivery (record it, keep the files aside, process nothing).
    private func repeatDelivery(
        _ drop: InboxDrop, of registered: DropRecord, manifest: DropManifest, manifestText: [UInt8]
    ) throws -> IngestOutcome {
        if registered.sourcePath == drop.path, registered.state != .archived,
           !FileManager.default.fileExists(atPath: registered.originalsPath) {
            let outcome = IngestOutcome(customer: drop.customer, name: drop.name, dropID: registered.id, kind: .ingested)
            if context.dryRun { return outcome }
            let originals = DropOriginals(drop: registered)
            if !FileManager.default.fileExists(atPath: originals.staged) {
                // Registered by a version that kept the inbox folder itself: keep checked copies instead.
                do {
                    let signature = try signatureCheck.verify(drop, manifest: manifest, manifestText: manifestText)
                    let partial = originals.staged + ".partial"
                    try? FileManager.default.removeItem(atPath: partial)
                    try DropWorkCopy(drop: drop, manifest: manifest, manifestText: manifestText, signature: signature)
                        .stageOriginals(in: partial)
                    try FolderMove.move(partial, to: originals.staged)
                } catch let rejection as DropRejection {
                    return try quarantines.quarantine(drop, dropID: registered.id, rejection)
                }
            }
            try originals.finish()
            return outcome
        }
        if context.dryRun { return IngestOutcome(customer: drop.customer, name: drop.name, dropID: registered.id, kind: .duplicate) }
        let now = context.now()
        let kept = pipeline.receivedFolder + "/" + drop.customer + "/duplicates/" + drop.name + "@" + Timestamp.compact(now)
        try ledger.recordDuplicateDelivery(
            DeliveryRecord(dropID: registered.id, customer: drop.customer, name: drop.name, kind: .duplicate,
                           receivedAt: now, keptAt: kept),
            event: event("drop.duplicate", registered.id, key: "",
                         ["customer": drop.customer, "drop": drop.name, "firstDelivery": registered.name, "keptAt": kept]),
            at: now)
        try FileModes.withholdFromOthers(drop.path)
        try FolderMove.move(drop.path, to: kept)
        return IngestOutcome(customer: drop.customer, name: drop.name, dropID: registered.id, kind: .duplicate)
    }

    func loadBureauIdentities() throws -> [any AgeIdentity] {
        do {
            let identities = try AgeKeyText.identities(parsing: try PrivateKeyFile.read(pipeline.identityFile))
            guard !identities.isEmpty else { throw IngestError.bureauIdentity("\(pipeline.identityFile) holds no identity") }
            return identities
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError.bureauIdentity("\(error)")
        }
    }

    /// The bureau's OpenPGP key when the pipeline names one, unlocked with the passphrase file's first line if given.
    func loadBureauOpenPGPKey() throws -> OpenPGPDecryptionKey? {
        guard let file = pipeline.openPGPIdentityFile else { return nil }
        do {
            var passphrase: String?
            if let passphraseFile = pipeline.openPGPPassphraseFile {
                passphrase = try PrivateKeyFile.read(passphraseFile).split(separator: "\n", omittingEmptySubsequences: false)
                    .first.map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
            }
            return try OpenPGPDecryptionKey(keyMaterial: try PrivateKeyFile.bytes(file), passphrase: passphrase)
        } catch {
            throw IngestError.bureauIdentity("\(file): \(error)")
        }
    }

    private func event(_ name: String, _ dropID: String?, key: String, _ details: [String: String]) -> AuditEvent {
        AuditEvent(event: name, dropID: dropID, actor: context.actor, host: context.host, key: key, details: details)
    }

    private func log(_ outcome: IngestOutcome) {
        var metadata: Logger.Metadata = ["customer": "\(outcome.customer)", "drop": "\(outcome.name)"]
        if let id = outcome.dropID { metadata["dropID"] = "\(id.prefix(12))" }
        switch outcome.kind {
        case .ingested: context.logger.info("drop ingested", metadata: metadata)
        case .duplicate: context.logger.warning("repeated delivery of a registered drop; not processed again", metadata: metadata)
        case let .quarantined(rejection):
            metadata["reason"] = "\(rejection.code.rawValue)"
            context.logger.error("drop quarantined: \(rejection.message)", metadata: metadata)
        case let .uploading(reason, stale):
            if stale { context.logger.warning("stale upload: \(reason)", metadata: metadata) }
            else { context.logger.info("upload in progress: \(reason)", metadata: metadata) }
        }
    }
}
