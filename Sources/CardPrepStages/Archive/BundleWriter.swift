import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// Writes a drop's bundle into the vault: MANIFEST and MANIFEST.sig inside, the entries in bundle order,
/// tar + zstd streamed through age (to the vault's recipients) into a file that appears atomically and never
/// replaces another, then the detached SSHSIG over the encrypted file beside it (`<bundle>.sig`).
///
/// The tar part is deterministic: the same files and clock give the same bytes (age adds its own randomness).
public struct BundleWriter {
    /// What was written.
    public struct Written: Sendable, Equatable {
        /// The bundle's absolute path; its signature is `path + ".sig"`.
        public var path: String
        /// The path relative to the vault root.
        public var relativePath: String
        /// Hex SHA-256 of the encrypted file.
        public var sha256: String
        public var manifest: BundleManifest
    }

    let settings: ArchiveSettings
    let signingKey: any SSHSigningKey
    let recipients: [any AgeRecipient]

    /// Creates a writer.
    /// - Parameters:
    ///   - settings: the vault folder.
    ///   - signingKey: signs the MANIFEST and the encrypted bundle.
    ///   - recipients: who can decrypt the bundle; at least one.
    public init(settings: ArchiveSettings, signingKey: any SSHSigningKey, recipients: [any AgeRecipient]) {
        self.settings = settings; self.signingKey = signingKey; self.recipients = recipients
    }

    /// The manifest of `files` for a drop.
    /// - Throws: an I/O error when a file cannot be read; `ArchiveError.invalidEntryName` for a bad name,
    ///   `VaultError.refused` for a repeated or reserved one.
    public static func manifest(
        files: [BundleFile], drop: DropRecord, identity: BundleIdentity, created: Date
    ) throws -> BundleManifest {
        let sorted = EntryName.bundleOrder(files.map(\.name))
        for (index, name) in sorted.enumerated() {
            try EntryName.validate(name)
            if name == BundleManifest.entryName || name == BundleManifest.signatureEntryName || (index > 0 && sorted[index - 1] == name) {
                throw VaultError.refused(path: name, reason: "the entry name is reserved or given twice")
            }
        }
        let byName = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0) })
        let entries = try sorted.map { try byName[$0]!.digest() }
        func count(_ prefix: String) -> Int { sorted.filter { $0.hasPrefix(prefix) }.count }
        let counts = [
            "received": count("received/"), "orders": count("orders/"), "entries": entries.count,
            "checkpointFiles": count(BundleCheckpoints.folder),
            "stageFiles": entries.count - count("received/") - count("orders/") - count("custody.jsonl") - count(BundleCheckpoints.folder),
            "custodyEvents": files.first { $0.name == "custody.jsonl" }.map { file -> Int in
                if case let .bytes(bytes) = file.contents { return bytes.filter { $0 == 0x0A }.count }
                return 0
            } ?? 0,
        ]
        return BundleManifest(
            dropID: drop.id, drop: drop.name, customer: drop.customer, contract: identity.contract, unit: identity.unit,
            product: identity.product, date: identity.date, quantity: identity.quantity, counts: counts,
            created: Timestamp.iso8601(created), entries: entries)
    }

    /// Writes the plaintext tar.zst of a bundle into `sink`: MANIFEST, MANIFEST.sig, then every entry.
    /// - Throws: `ArchiveError`, I/O errors, or a signing error.
    public func writeArchive<Sink: ByteSink>(
        files: [BundleFile], manifest: BundleManifest, created: Date, into sink: Sink
    ) throws -> Sink {
        let manifestBytes = try manifest.encoded()
        let signature = try SSHSignature.sign(manifestBytes, namespace: BundleManifest.signatureNamespace, with: signingKey)
        let writer = try TarZstdWriter(sink: sink, modificationTime: created)
        try writer.add(file: BundleManifest.entryName, bytes: manifestBytes)
        try writer.add(file: BundleManifest.signatureEntryName, bytes: Array(signature.utf8))
        let byName = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0) })
        for entry in manifest.entries { try byName[entry.name]!.add(to: writer, size: entry.size) }
        try writer.finish()
        return writer.sink
    }

    /// Writes the bundle of a drop into the vault.
    /// - Returns: where it went, its digest and manifest.
    /// - Throws: `VaultError.bundleExists` when the vault holds a file at that path; archive, crypto and I/O errors.
    public func write(files: [BundleFile], drop: DropRecord, identity: BundleIdentity, created: Date) throws -> Written {
        let relative = identity.relativePath
        let path = settings.vaultFolder + "/" + relative
        let fm = FileManager.default
        guard !fm.fileExists(atPath: path), !fm.fileExists(atPath: path + ".sig") else { throw VaultError.bundleExists(path: path) }
        try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let manifest = try Self.manifest(files: files, drop: drop, identity: identity, created: created)
        let file = try AtomicFileWriter(path: path, mode: 0o640, overwrite: false)
        let encrypting = try AgeEncryptingSink(wrapping: file, recipients: recipients, armored: false)
        _ = try writeArchive(files: files, manifest: manifest, created: created, into: encrypting)
        _ = try encrypting.finish()
        try file.commit()
        var source = try FileByteSource(path: path)
        let signature = try SSHSignature.sign(&source, namespace: BundleManifest.signatureNamespace, with: signingKey)
        try AtomicFileWriter.write(Array(signature.utf8), to: path + ".sig", mode: 0o644, overwrite: false)
        return Written(path: path, relativePath: relative, sha256: try FileDigest.sha256(path: path), manifest: manifest)
    }
}
