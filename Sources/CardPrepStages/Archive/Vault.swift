import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The vault as security staff use it: find, verify and open bundles, lend them out and take them back,
/// show their custody, and remove those whose retention has ended. Every custody change is an audit event.
public struct Vault {
    let settings: ArchiveSettings
    let ledger: Ledger
    let context: RunContext

    /// Creates the vault of `settings`, indexed in `ledger`; `context` gives the clock and who acts.
    public init(settings: ArchiveSettings, ledger: Ledger, context: RunContext) {
        self.settings = settings; self.ledger = ledger; self.context = context
    }

    /// The recorded bundle named by its id, its drop's id, or its path relative to the vault.
    /// - Throws: `VaultError.notFound` when no bundle matches.
    public func bundle(named name: String) throws -> VaultBundleRecord {
        if let record = try ledger.bundle(id: name) ?? ledger.bundle(dropID: name) { return record }
        let all = try ledger.bundles(matching: VaultQuery(includePurged: true))
        if let record = all.first(where: { $0.path == name || settings.vaultFolder + "/" + $0.path == name }) { return record }
        throw VaultError.notFound("bundle \(name) in the vault index")
    }

    /// The absolute path of a recorded bundle.
    public func path(of record: VaultBundleRecord) -> String { settings.vaultFolder + "/" + record.path }

    /// A verifier with the vault's trusted keys and, when `decrypt` is true, its identities.
    /// - Throws: `VaultError` when a key cannot be loaded.
    public func verifier(decrypt: Bool) throws -> VaultVerifier {
        let keys = VaultKeys(settings: settings)
        return VaultVerifier(
            trustedKeys: try keys.trustedKeys(namespace: BundleManifest.signatureNamespace, at: context.now()),
            identities: decrypt ? try keys.identities() : nil)
    }

    /// Verifies a recorded bundle against its ledger record, and the record against its `bundle.written` audit entry
    /// and its line in the vault index (`VaultCrossCheck`).
    /// - Throws: `VaultError` when a key cannot be loaded; `LedgerError` when the audit log cannot be read.
    public func verify(_ record: VaultBundleRecord, readData: Bool) throws -> VaultVerification {
        var result = try verifier(decrypt: true).verify(
            path: path(of: record), readData: readData, expectedSHA256: record.sha256, expectedDropID: record.dropID)
        result.faults += try VaultCrossCheck(ledger: ledger, settings: settings)
            .faults(of: record, manifest: result.manifest, index: VaultIndex(settings: settings, ledger: ledger).readLines())
        return result
    }

    /// Checks the vault index for lines that cannot be read or name a bundle the ledger does not keep.
    /// - Returns: a verification of the index file, with those lines as faults.
    /// - Throws: `LedgerError` when the ledger cannot be read.
    public func verifyIndex() throws -> VaultVerification {
        let faults = try VaultCrossCheck(ledger: ledger, settings: settings)
            .strayIndexLines(VaultIndex(settings: settings, ledger: ledger).readLines())
        return VaultVerification(path: settings.indexFile, readData: false, entriesChecked: 0, faults: faults)
    }

    /// Decrypts a bundle and extracts it into `folder` (which must not exist), after checking its signature.
    /// Absolute names, `..`, links and device entries are refused; a refused archive leaves nothing behind.
    /// - Returns: the extracted entries.
    /// - Throws: `VaultError.refused` for a bad signature or a hostile entry; archive and I/O errors.
    public func open(path: String, to folder: String) throws -> [ArchiveEntry] {
        let outer = try verifier(decrypt: false).verify(path: path, readData: false)
        guard outer.passed else { throw VaultError.refused(path: path, reason: outer.faults.map(\.description).joined(separator: "; ")) }
        let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: path), identities: try VaultKeys(settings: settings).identities())
        let entries: [ArchiveEntry]
        do { entries = try SafeArchiveReader(source: source).extract(to: folder) } catch let error as ArchiveError {
            throw VaultError.refused(path: path, reason: "\(error)")
        }
        if let record = try? bundle(named: path) {
            try ledger.appendAudit(event("bundle.opened", record, ["to": folder, "entries": String(entries.count)]), at: context.now())
        }
        return entries
    }

    /// Lends a bundle out: records who, why and who approved; the bundle stays in the vault.
    /// - Throws: `VaultError.refused` when the bundle is not the one recorded; `LedgerError` when it is out already.
    public func checkOut(_ record: VaultBundleRecord, borrower: String, reason: String, approvedBy: String) throws -> CustodyLoanRecord {
        let digest = try currentDigest(of: record)
        guard digest == record.sha256 else {
            throw VaultError.refused(path: path(of: record), reason: "SHA-256 \(digest), the ledger recorded \(record.sha256)")
        }
        let now = context.now()
        let loan = CustodyLoanRecord(bundleID: record.id, borrower: borrower, reason: reason, approvedBy: approvedBy,
                                     outAt: now, sha256AtCheckout: digest)
        return try ledger.checkOut(
            loan, event: event("bundle.checkout", record, ["borrower": borrower, "reason": reason, "approvedBy": approvedBy]), at: now)
    }

    /// Takes a bundle back and checks that it is unchanged since it was checked out.
    /// - Returns: the closed loan; `returnedUnchanged` says whether the bundle is as it left.
    /// - Throws: `LedgerError` when the bundle is not out.
    public func checkIn(_ record: VaultBundleRecord) throws -> CustodyLoanRecord {
        let digest = try currentDigest(of: record)
        let unchanged = digest == record.sha256
        return try ledger.checkIn(
            bundleID: record.id, sha256: digest,
            event: event("bundle.checkin", record, ["unchanged": String(unchanged), "sha256": digest]), at: context.now())
    }

    /// The chain of custody of a bundle: its drop's audit entries, from receipt to archive, loans and purge.
    public func history(_ record: VaultBundleRecord) throws -> (entries: [AuditEntry], loans: [CustodyLoanRecord]) {
        (try ledger.auditEntries(dropID: record.dropID), try ledger.loans(bundleID: record.id))
    }

    func currentDigest(of record: VaultBundleRecord) throws -> String {
        guard FileManager.default.fileExists(atPath: path(of: record)) else { throw VaultError.bundleMissing(path: path(of: record)) }
        return try FileDigest.sha256(path: path(of: record))
    }

    func event(_ name: String, _ record: VaultBundleRecord, _ details: [String: String]) -> AuditEvent {
        var details = details
        details["bundle"] = record.id
        details["path"] = record.path
        return AuditEvent(event: name, dropID: record.dropID, actor: context.actor, host: context.host, details: details)
    }
}
