import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Reads a bundle's signed MANIFEST, and one entry, without extracting the rest: the detached signature is checked
/// first, the archive is decrypted as a stream, MANIFEST and MANIFEST.sig (the first two entries) are read and the
/// signature checked, then the entries are passed over until the one asked for, whose bytes go to a sink while they
/// are hashed and compared with the MANIFEST at its end.
public struct BundleEntryReader {
    let trustedKeys: [SSHEd25519PublicKey]
    let identities: [any AgeIdentity]

    /// Creates a reader with the keys allowed to sign bundles and the vault's identities.
    public init(trustedKeys: [SSHEd25519PublicKey], identities: [any AgeIdentity]) {
        self.trustedKeys = trustedKeys; self.identities = identities
    }

    /// The bundle's verified MANIFEST.
    /// - Throws: `VaultError.refused` when a signature does not verify, the MANIFEST is missing, unreadable or of
    ///   another format; `VaultError.bundleMissing`; archive and decryption errors.
    public func manifest(path: String) throws -> BundleManifest {
        try open(path: path).manifest
    }

    /// The signed bytes of MANIFEST and MANIFEST.sig, which the MANIFEST does not list.
    private struct Head {
        var manifest: BundleManifest
        var manifestBytes: [UInt8]
        var signature: [UInt8]
        var reader: SafeArchiveReader
    }

    /// Streams the entry `name` of the bundle at `path` into `sink` and checks its size and SHA-256 against the MANIFEST.
    /// - Returns: the MANIFEST and the entry as it lists it.
    /// - Throws: `VaultError.notFound` when the MANIFEST lists no such entry; `VaultError.refused` when a signature
    ///   does not verify or the bytes read are not those the MANIFEST signs (the sink has then had them: a caller
    ///   writing a file discards it); archive and decryption errors.
    public func read<Sink: ByteSink>(path: String, entry name: String, into sink: inout Sink) throws -> (BundleManifest, BundleManifest.Entry) {
        let head = try open(path: path)
        let manifest = head.manifest, reader = head.reader
        if name == BundleManifest.entryName || name == BundleManifest.signatureEntryName {
            let bytes = name == BundleManifest.entryName ? head.manifestBytes : head.signature
            try sink.write(bytes)
            return (manifest, BundleManifest.Entry(name: name, size: Int64(bytes.count), sha256: FileDigest.sha256(bytes)))
        }
        guard let listed = manifest.entries.first(where: { $0.name == name }) else {
            throw VaultError.notFound("entry \(name) in the bundle's MANIFEST (cardprep vault ls lists them)")
        }
        while let entry = try reader.nextEntry() {
            guard entry.name == name else { continue }
            var digesting = ForwardingDigestSink(inner: sink)
            _ = try reader.readData(into: &digesting)
            sink = digesting.inner
            let found = digesting.digest.hex()
            guard digesting.size == listed.size, found == listed.sha256 else {
                throw VaultError.refused(
                    path: path, reason: "entry \(name) is \(digesting.size) bytes with SHA-256 \(found); the signed MANIFEST lists "
                        + "\(listed.size) bytes with SHA-256 \(listed.sha256)")
            }
            return (manifest, listed)
        }
        throw VaultError.refused(path: path, reason: "entry \(name) is listed in the MANIFEST but missing from the archive")
    }

    /// The bytes of the small entries `names` (reports, orders, manifests: no card data), in one pass over the bundle,
    /// each checked against the MANIFEST.
    /// - Returns: the MANIFEST and each entry's bytes by name.
    /// - Throws: `VaultError.notFound` for a name the MANIFEST does not list; `VaultError.refused` as `read` does.
    public func read(path: String, entries names: Set<String>) throws -> (BundleManifest, [String: [UInt8]]) {
        let head = try open(path: path)
        for name in names where !head.manifest.entries.contains(where: { $0.name == name }) {
            throw VaultError.notFound("entry \(name) in the bundle's MANIFEST (cardprep vault ls lists them)")
        }
        var found: [String: [UInt8]] = [:]
        while found.count < names.count, let entry = try head.reader.nextEntry() {
            guard names.contains(entry.name), let listed = head.manifest.entries.first(where: { $0.name == entry.name }) else { continue }
            var sink = MemoryByteSink()
            _ = try head.reader.readData(into: &sink)
            guard Int64(sink.bytes.count) == listed.size, FileDigest.sha256(sink.bytes) == listed.sha256 else {
                throw VaultError.refused(path: path, reason: "entry \(entry.name) is not the one the signed MANIFEST lists")
            }
            found[entry.name] = sink.bytes
        }
        if let missing = names.subtracting(found.keys).sorted().first {
            throw VaultError.refused(path: path, reason: "entry \(missing) is listed in the MANIFEST but missing from the archive")
        }
        return (head.manifest, found)
    }

    /// Checks the detached signature, decrypts and reads the MANIFEST and its signature.
    private func open(path: String) throws -> Head {
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.bundleMissing(path: path) }
        let outer = VaultVerifier(trustedKeys: trustedKeys, identities: nil).verify(path: path, readData: false)
        guard outer.passed else { throw VaultError.refused(path: path, reason: outer.faults.map(\.description).joined(separator: "; ")) }
        let reader = try SafeArchiveReader(
            source: try AgeDecryptingSource(wrapping: try FileByteSource(path: path), identities: identities))
        var manifestBytes: [UInt8]?, signature: [UInt8]?
        for expected in [BundleManifest.entryName, BundleManifest.signatureEntryName] {
            guard let entry = try reader.nextEntry(), entry.name == expected, entry.kind == .regularFile,
                  entry.size <= BundleWalk.maximumManifestSize else {
                throw VaultError.refused(path: path, reason: "the archive does not begin with \(BundleManifest.entryName) and "
                    + "\(BundleManifest.signatureEntryName) (cardprep vault verify says more)")
            }
            var sink = MemoryByteSink()
            _ = try reader.readData(into: &sink)
            if expected == BundleManifest.entryName { manifestBytes = sink.bytes } else { signature = sink.bytes }
        }
        guard let manifestBytes, let signature else { throw VaultError.refused(path: path, reason: "no MANIFEST") }
        do {
            _ = try SSHSignature.verify(
                String(decoding: signature, as: UTF8.self), message: manifestBytes, namespace: BundleManifest.signatureNamespace,
                trustedKeys: trustedKeys)
        } catch {
            throw VaultError.refused(path: path, reason: "MANIFEST.sig does not verify: \(error)")
        }
        guard BundleManifest.format(of: manifestBytes) == BundleManifest.currentFormat, let manifest = try? BundleManifest.decode(manifestBytes) else {
            throw VaultError.refused(path: path, reason: "the MANIFEST is not of format \(BundleManifest.currentFormat)")
        }
        return Head(manifest: manifest, manifestBytes: manifestBytes, signature: signature, reader: reader)
    }
}

/// A sink that hashes and counts what it passes on to another.
struct ForwardingDigestSink<Inner: ByteSink>: ByteSink {
    var inner: Inner
    var digest = StreamingSHA256()
    var size: Int64 = 0

    mutating func write(_ bytes: [UInt8]) throws {
        digest.update(bytes)
        size += Int64(bytes.count)
        try inner.write(bytes)
    }
}
