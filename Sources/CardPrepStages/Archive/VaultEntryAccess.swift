import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// Listing a bundle and reading one entry of it without extracting the rest (`cardprep vault ls` and `vault dump`).
///
/// The customer's files as received (`received/…`: the card data, still encrypted to the bureau, with the order and
/// the delivery's manifest) are read only under the same dual control as `vault open`, on a statement that names
/// the entry and where it goes. The other entries (MANIFEST, orders, custody log, audit checkpoints, reports) hold
/// no card data and are read by whoever holds the vault's key; every read is an audit event all the same.
extension Vault {
    /// Whether reading `entry` needs the vault's dual control.
    public static func entryNeedsDualControl(_ entry: String) -> Bool {
        entry.hasPrefix("received/")
    }

    /// The statement request for reading `entry` of the bundle at `path` into `destination` (a file, or `-` for
    /// standard output): the action is `vault.open`, with the entry named.
    public static func readRequest(
        pipeline: PipelineDefinition, bundle record: VaultBundleRecord?, path: String, entry: String, to destination: String,
        opener: String, witness: String, reason: String
    ) -> StatementRequest {
        StatementRequest(
            action: .vaultOpen, subject: subject(record, path: path), pipeline: pipeline.name,
            fields: [.init("opener", opener), .init("witness", witness), .init("entry", entry), .init("to", destinationWords(destination))],
            reason: reason)
    }

    /// The bundle's verified MANIFEST (the detached signature and MANIFEST.sig checked; nothing else decrypted to disk).
    /// - Throws: `VaultError` when a key cannot be loaded or a signature does not verify; archive and decryption errors.
    public func manifest(path: String) throws -> BundleManifest {
        try entryReader().manifest(path: path)
    }

    /// Streams `entry` of the bundle at `path` into `sink`, checked against the signed MANIFEST, and records the read.
    /// - Parameters:
    ///   - destination: where the bytes go (a file, or `-`), as the statement names it.
    ///   - approval: the verified `vault.open` statement for this entry and destination; required for an entry that
    ///     needs dual control, ignored otherwise.
    /// - Returns: the entry as the MANIFEST lists it.
    /// - Throws: `VaultError.refused` for a statement for something else, a signature or digest that does not verify;
    ///   `VaultError.notFound` for an entry the MANIFEST does not list; ledger, archive and I/O errors.
    public func read<Sink: ByteSink>(
        path: String, entry: String, into sink: inout Sink, destination: String, approval: VerifiedStatement?
    ) throws -> BundleManifest.Entry {
        let record = try? bundle(named: path)
        var signed: VerifiedStatement?
        if Self.entryNeedsDualControl(entry) {
            guard let approval else {
                throw VaultError.refused(path: path, reason: "\(entry) holds the customer's data as received: it is read under dual control")
            }
            try expect(approval, .vaultOpen, subject: Self.subject(record, path: path), path: path)
            guard approval.statement.field("entry") == entry, approval.statement.field("to") == Self.destinationWords(destination) else {
                throw VaultError.refused(
                    path: path, reason: "the statement reads \(approval.statement.field("entry") ?? "the whole bundle") into "
                        + "\(approval.statement.field("to") ?? "-"), not \(entry) into \(Self.destinationWords(destination))")
            }
            signed = approval
        }
        let (_, listed) = try entryReader().read(path: path, entry: entry, into: &sink)
        let now = context.now()
        var details = ["entry": entry, "sha256": listed.sha256, "to": Self.destinationWords(destination)]
        if record == nil { details["file"] = path }
        if let recombinedKey { details["vault-key"] = recombinedKey.auditText }
        if let signed {
            try ledger.appendAudit(event("bundle.entry.read", record, details, signedBy: signed), statement: signed.record(at: now), at: now)
        } else {
            if let record { details["bundle"] = record.id; details["path"] = record.path }
            try ledger.appendAudit(
                AuditEvent(event: "bundle.entry.read", dropID: record?.dropID, actor: context.actor, host: context.host, details: details),
                at: now)
        }
        return listed
    }

    func entryReader() throws -> BundleEntryReader {
        BundleEntryReader(
            trustedKeys: try keys.trustedKeys(namespace: BundleManifest.signatureNamespace, at: context.now()),
            identities: try keys.identities())
    }

    static func destinationWords(_ destination: String) -> String {
        destination == "-" ? "standard output" : absolute(destination)
    }
}
