import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Verifies a bundle and collects every fault before reporting: the detached signature, the recorded digest,
/// decryption, the MANIFEST (present, known format, signed), and every entry (present, listed, size; with
/// `readData`, its SHA-256 too).
///
/// Without `readData` the archive is still decrypted and walked (age authenticates every chunk), but entry
/// contents are not hashed. Without identities only the signature and the recorded digest are checked.
public struct VaultVerifier {
    let trustedKeys: [SSHEd25519PublicKey]
    let identities: [any AgeIdentity]?

    /// Creates a verifier.
    /// - Parameters:
    ///   - trustedKeys: the keys allowed to have signed bundles.
    ///   - identities: the vault's age identities; nil to check only what needs no decryption.
    public init(trustedKeys: [SSHEd25519PublicKey], identities: [any AgeIdentity]?) {
        self.trustedKeys = trustedKeys; self.identities = identities
    }

    /// Verifies the bundle at `path`.
    /// - Parameters:
    ///   - readData: decrypt and re-hash every entry.
    ///   - expectedSHA256: the encrypted file's digest as recorded in the ledger, if known.
    ///   - expectedDropID: the drop the bundle must archive, if known.
    public func verify(path: String, readData: Bool, expectedSHA256: String? = nil, expectedDropID: String? = nil) -> VaultVerification {
        var result = VaultVerification(path: path, readData: readData, entriesChecked: 0, faults: [])
        guard FileManager.default.fileExists(atPath: path) else {
            result.faults.append(.bundleMissing(path: path))
            return result
        }
        checkDetachedSignature(path: path, into: &result)
        if let expectedSHA256 {
            let found = (try? FileDigest.sha256(path: path)) ?? "unreadable"
            if found != expectedSHA256 { result.faults.append(.encryptedDigestMismatch(expected: expectedSHA256, found: found)) }
        }
        guard let identities else { return result }
        let walk = BundleWalk(readData: readData)
        let reader: SafeArchiveReader
        do {
            let decrypting = try AgeDecryptingSource(wrapping: try FileByteSource(path: path), identities: identities)
            reader = try SafeArchiveReader(source: decrypting)
        } catch {
            result.faults.append(Self.isDecryption(error) ? .decryption(reason: "\(error)") : .archiveUnreadable(entry: nil, reason: "\(error)"))
            return result
        }
        let complete = walk.run(reader, into: &result)
        checkManifest(walk, complete: complete, expectedDropID: expectedDropID, into: &result)
        return result
    }

    private func checkDetachedSignature(path: String, into result: inout VaultVerification) {
        guard let data = FileManager.default.contents(atPath: path + ".sig") else {
            result.faults.append(.signatureMissing(path: path + ".sig"))
            return
        }
        do {
            var source = try FileByteSource(path: path)
            _ = try SSHSignature.verify(
                String(decoding: data, as: UTF8.self), message: &source, namespace: BundleManifest.signatureNamespace,
                trustedKeys: trustedKeys)
        } catch {
            result.faults.append(.signatureInvalid(reason: "\(error)"))
        }
    }

    private func checkManifest(_ walk: BundleWalk, complete: Bool, expectedDropID: String?, into result: inout VaultVerification) {
        guard let bytes = walk.manifestBytes else {
            if complete { result.faults.append(.manifestMissing) }
            if complete, walk.manifestSignature == nil { result.faults.append(.manifestSignatureMissing) }
            return
        }
        if let signature = walk.manifestSignature {
            do {
                _ = try SSHSignature.verify(
                    String(decoding: signature, as: UTF8.self), message: bytes,
                    namespace: BundleManifest.signatureNamespace, trustedKeys: trustedKeys)
            } catch {
                result.faults.append(.manifestSignatureInvalid(reason: "\(error)"))
            }
        } else if complete {
            result.faults.append(.manifestSignatureMissing)
        }
        guard let format = BundleManifest.format(of: bytes) else {
            result.faults.append(.manifestUnreadable(reason: "not a JSON object with a format"))
            return
        }
        guard format == BundleManifest.currentFormat else {
            result.faults.append(.unknownFormat(format))
            return
        }
        let manifest: BundleManifest
        do { manifest = try BundleManifest.decode(bytes) } catch {
            result.faults.append(.manifestUnreadable(reason: "\(error)"))
            return
        }
        result.manifest = manifest
        if let expectedDropID, manifest.dropID != expectedDropID {
            result.faults.append(.wrongDrop(expected: expectedDropID, found: manifest.dropID))
        }
        walk.compare(with: manifest, complete: complete, into: &result)
    }

    static func isDecryption(_ error: any Error) -> Bool {
        if error is AgeError { return true }
        if case let ArchiveError.stream(_, underlying) = error { return underlying is AgeError }
        return false
    }
}
