import CardPrepCore
import CardPrepLedger
import Foundation

/// The supplementary bundle of a reconciled remake of an archived drop: the drop's own bundle is never written again
/// (that would need the vault key, which the unattended run may not hold when custodians keep it as shares), so the
/// floor's reports that now name the remade card go into the vault beside it, as a bundle of their own written like
/// every bundle (signed MANIFEST, pax tar + zstd, age to the vault's recipients, detached SSHSIG `.sig`):
/// `floor/*` (the floor's files as read, `production.csv` with the remake's line), `custody.jsonl` (the drop's audit
/// entries up to the remake) and the latest signed audit checkpoint. Its name is the drop's bundle's with the remake
/// job and position: `<date>_1_<bundle id>-J01-R01-1.tar.zst.age`, in the same contract/unit/product folder.
struct ArchivedRemakeSupplement {
    let pipeline: PipelineDefinition
    let ledger: Ledger

    /// Writes the supplementary bundle of `remake` from the floor's `files`.
    /// - Returns: its path relative to the vault and its SHA-256; nil when the pipeline has no vault or the drop's
    ///   bundle is not recorded.
    /// - Throws: `VaultError` for a signing key or recipients that cannot be read; archive, crypto and I/O errors.
    func write(_ remake: ArchivedRemakeRecord, floor files: [FloorReports.File], at now: Date) throws -> (path: String, sha256: String)? {
        guard let settings = pipeline.archive, let bundle = try ledger.bundle(id: remake.bundleID), let drop = try ledger.drop(id: remake.dropID)
        else { return nil }
        let job = remake.remakeJob.split(separator: "-").dropFirst().joined(separator: "-")
        let identity = BundleIdentity(
            bundleID: "\(bundle.id)-\(job)-\(remake.remakeSequence)", contract: bundle.contract, unit: bundle.unit, product: bundle.product,
            date: bundle.date, quantity: 1)
        let path = settings.vaultFolder + "/" + identity.relativePath
        // One left by a run stopped before it recorded it: nothing refers to it, it is written again.
        for leftover in [path, path + ".sig"] where FileManager.default.fileExists(atPath: leftover) {
            try FileManager.default.removeItem(atPath: leftover)
        }
        let custody = try ledger.auditEntries(dropID: drop.id).map { $0.jsonLine + "\n" }.joined()
        var entries = files.sorted { $0.name < $1.name }.map { BundleFile(name: "floor/" + $0.name, contents: .bytes(Array($0.text.utf8))) }
        entries.append(BundleFile(name: "custody.jsonl", contents: .bytes(Array(custody.utf8))))
        entries += AuditCheckpoints(pipeline: pipeline, settings: settings, ledger: ledger).bundleFiles()
        let keys = VaultKeys(settings: settings)
        let written = try BundleWriter(settings: settings, signingKey: try keys.signingKey(), recipients: try keys.recipients())
            .write(files: entries, drop: drop, identity: identity, created: now)
        return (written.relativePath, written.sha256)
    }
}

extension Vault {
    /// Verifies the supplementary bundles of remakes of archived drops as `verify` does a drop's bundle: the detached
    /// signature, the recorded SHA-256, the signed MANIFEST and every entry (re-hashed with `readData`).
    /// - Throws: `VaultError` when a key cannot be loaded; `LedgerError`.
    public func verifySupplements(readData: Bool) throws -> [VaultVerification] {
        let verifier = try verifier(decrypt: true)
        let purged = Set(try ledger.bundles(matching: VaultQuery(includePurged: true)).filter(\.purged).map(\.dropID))
        return try ledger.archivedRemakes().compactMap { remake in
            guard let path = remake.supplementPath, let sha256 = remake.supplementSHA256, !purged.contains(remake.dropID) else { return nil }
            return verifier.verify(
                path: settings.vaultFolder + "/" + path, readData: readData, expectedSHA256: sha256, expectedDropID: remake.dropID)
        }
    }
}
