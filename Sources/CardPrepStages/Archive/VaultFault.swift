import Foundation

/// One thing wrong with a bundle, found by `VaultVerifier`. Each names what it is about: the signature,
/// the encryption, the MANIFEST, or an entry by name.
public enum VaultFault: Sendable, Equatable, CustomStringConvertible {
    /// The bundle file is not in the vault.
    case bundleMissing(path: String)
    /// The detached `.sig` is not beside the bundle.
    case signatureMissing(path: String)
    /// The detached signature does not verify against the bundle and the trusted keys.
    case signatureInvalid(reason: String)
    /// The encrypted file's SHA-256 is not the one the ledger recorded.
    case encryptedDigestMismatch(expected: String, found: String)
    /// The bundle cannot be decrypted (wrong key, tampered header or payload).
    case decryption(reason: String)
    /// The decrypted archive cannot be read; `entry` is the entry being read when it broke.
    case archiveUnreadable(entry: String?, reason: String)
    /// There is no MANIFEST entry.
    case manifestMissing
    /// The MANIFEST is not a manifest CardPrep can read.
    case manifestUnreadable(reason: String)
    /// The MANIFEST names a format this version does not know.
    case unknownFormat(String)
    /// There is no MANIFEST.sig entry.
    case manifestSignatureMissing
    /// MANIFEST.sig does not verify the MANIFEST.
    case manifestSignatureInvalid(reason: String)
    /// The MANIFEST is for another drop than the ledger says.
    case wrongDrop(expected: String, found: String)
    /// An entry the MANIFEST lists is not in the archive.
    case entryMissing(name: String)
    /// An entry is in the archive but not in the MANIFEST, or is not a regular file.
    case entryUnexpected(name: String)
    /// An entry name occurs more than once.
    case entryRepeated(name: String)
    /// An entry's size differs from the MANIFEST's.
    case entrySize(name: String, expected: Int64, found: Int64)
    /// An entry's SHA-256 differs from the MANIFEST's.
    case entryDigest(name: String, expected: String, found: String)

    /// What the fault is about: `signature`, `encryption`, `MANIFEST`, `MANIFEST.sig`, `bundle` or an entry name.
    public var subject: String {
        switch self {
        case .bundleMissing, .encryptedDigestMismatch: "bundle"
        case .signatureMissing, .signatureInvalid: "signature"
        case .decryption: "encryption"
        case let .archiveUnreadable(entry, _): entry ?? "archive"
        case .manifestMissing, .manifestUnreadable, .unknownFormat, .wrongDrop: "MANIFEST"
        case .manifestSignatureMissing, .manifestSignatureInvalid: "MANIFEST.sig"
        case let .entryMissing(name), let .entryUnexpected(name), let .entryRepeated(name): name
        case let .entrySize(name, _, _), let .entryDigest(name, _, _): name
        }
    }

    public var description: String {
        switch self {
        case let .bundleMissing(path): "bundle: \(path) is missing"
        case let .signatureMissing(path): "signature: \(path) is missing"
        case let .signatureInvalid(reason): "signature: does not verify: \(reason)"
        case let .encryptedDigestMismatch(expected, found): "bundle: SHA-256 \(found), the ledger recorded \(expected)"
        case let .decryption(reason): "encryption: cannot decrypt: \(reason)"
        case let .archiveUnreadable(entry, reason): "\(entry.map { "entry \($0)" } ?? "archive"): unreadable: \(reason)"
        case .manifestMissing: "MANIFEST: missing"
        case let .manifestUnreadable(reason): "MANIFEST: unreadable: \(reason)"
        case let .unknownFormat(format): "MANIFEST: unknown format '\(format)'"
        case .manifestSignatureMissing: "MANIFEST.sig: missing"
        case let .manifestSignatureInvalid(reason): "MANIFEST.sig: does not verify the MANIFEST: \(reason)"
        case let .wrongDrop(expected, found): "MANIFEST: archives drop \(found), the ledger says \(expected)"
        case let .entryMissing(name): "entry \(name): listed in the MANIFEST, missing from the archive"
        case let .entryUnexpected(name): "entry \(name): not listed in the MANIFEST"
        case let .entryRepeated(name): "entry \(name): occurs more than once"
        case let .entrySize(name, expected, found): "entry \(name): \(found) bytes, the MANIFEST says \(expected)"
        case let .entryDigest(name, expected, found): "entry \(name): SHA-256 \(found), the MANIFEST says \(expected)"
        }
    }
}

/// The result of verifying one bundle: every fault found, not only the first.
public struct VaultVerification: Sendable, Equatable {
    /// The bundle's path.
    public var path: String
    /// Whether entry data was decrypted and re-hashed (`--read-data`).
    public var readData: Bool
    /// How many entries were checked against the MANIFEST.
    public var entriesChecked: Int
    public var faults: [VaultFault]
    /// The MANIFEST, when it could be read.
    public var manifest: BundleManifest?

    /// Whether the bundle verified.
    public var passed: Bool { faults.isEmpty }
}
