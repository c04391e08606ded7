import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The vault as security staff use it: find, verify and open bundles, lend them out and take them back
/// (`VaultCustody.swift`, on statements signed under dual control), show their custody, and remove those whose
/// retention has ended. Every custody change is an audit event.
public struct Vault {
    let settings: ArchiveSettings
    let ledger: Ledger
    let context: RunContext
    /// The vault key recombined from custodians' shares for this operation, used instead of the identity file.
    public var recombinedKey: RecombinedVaultKey?

    /// Creates the vault of `settings`, indexed in `ledger`; `context` gives the clock and who acts.
    public init(settings: ArchiveSettings, ledger: Ledger, context: RunContext) {
        self.settings = settings; self.ledger = ledger; self.context = context
    }

    /// The vault's keys: the identity file's, or the recombined key when there is one.
    var keys: VaultKeys { VaultKeys(settings: settings, identities: recombinedKey?.identities) }

    /// The recorded bundle named by its id, its drop's id, an unambiguous prefix of either (8 or more hex
    /// characters), its path relative to the vault, or its drop as `customer/drop`.
    /// - Throws: `VaultError.notFound` when no bundle matches, or a prefix matches several.
    public func bundle(named name: String) throws -> VaultBundleRecord {
        if let record = try ledger.bundle(id: name) ?? ledger.bundle(dropID: name) { return record }
        let all = try ledger.bundles(matching: VaultQuery(includePurged: true))
        if let record = all.first(where: { $0.path == name || settings.vaultFolder + "/" + $0.path == name }) { return record }
        let hex = name.lowercased()
        if hex.count >= 8, hex.allSatisfy(\.isHexDigit) {
            let matches = all.filter { $0.id.hasPrefix(hex) || $0.dropID.hasPrefix(hex) }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 {
                throw VaultError.notFound(
                    "bundle \(name) alone (\(matches.count) bundles begin so: \(matches.map(\.id).joined(separator: ", ")); give more of the id)")
            }
        }
        if name.contains("/"), let drop = try? DropLookup.find(name, in: ledger), let record = all.last(where: { $0.dropID == drop.id }) {
            return record
        }
        throw VaultError.notFound("bundle \(name) in the vault index (give its id, 8 or more hex characters of it, its drop as customer/drop, or its path; cardprep vault find lists them)")
    }

    /// The absolute path of a recorded bundle.
    public func path(of record: VaultBundleRecord) -> String { settings.vaultFolder + "/" + record.path }

    /// A verifier with the vault's trusted keys and, when `decrypt` is true, its identities.
    /// - Throws: `VaultError` when a key cannot be loaded.
    public func verifier(decrypt: Bool) throws -> VaultVerifier {
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

    /// An audit event of an action people signed for: the actor is the verified people (`alice+bob`), the key their
    /// keys, and the details carry the statement's digest, the people on duty and the reason.
    func event(_ name: String, _ record: VaultBundleRecord?, _ details: [String: String], signedBy approval: VerifiedStatement) -> AuditEvent {
        var details = details.merging(approval.auditDetails) { own, _ in own }
        if let record {
            details["bundle"] = record.id
            details["path"] = record.path
        }
        return AuditEvent(event: name, dropID: record?.dropID, actor: approval.actor, host: context.host, key: approval.keys, details: details)
    }
}
