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
    /// No `bundle.written` audit entry records the bundle.
    case auditRecordMissing(bundleID: String)
    /// The ledger's digest of the bundle is not the one its `bundle.written` audit entry recorded: the bundle and its
    /// ledger record were swapped together, or the record was edited.
    case auditDigest(seq: Int64, audit: String, ledger: String)
    /// The MANIFEST lists another number of entries than the `bundle.written` audit entry recorded.
    case auditEntryCount(seq: Int64, audit: Int, manifest: Int)
    /// The bundle's line is missing from the vault index.
    case indexLineMissing(file: String)
    /// The bundle has several lines in the vault index.
    case indexLineRepeated(file: String, lines: [Int])
    /// A field of the bundle's index line differs from the ledger.
    case indexLine(file: String, line: Int, field: String, index: String, ledger: String)
    /// An index line names a bundle the ledger does not keep.
    case indexLineUnknown(file: String, line: Int, bundleID: String)
    /// An index line that is not a JSON index line.
    case indexLineUnreadable(file: String, line: Int, reason: String)

    /// What the fault is about: `signature`, `encryption`, `MANIFEST`, `MANIFEST.sig`, `bundle`, `audit`, the index file,
    /// or an entry name.
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
        case .auditRecordMissing, .auditDigest, .auditEntryCount: "audit"
        case let .indexLineMissing(file), let .indexLineRepeated(file, _), let .indexLine(file, _, _, _, _),
             let .indexLineUnknown(file, _, _), let .indexLineUnreadable(file, _, _):
            URL(fileURLWithPath: file).lastPathComponent
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
        case let .auditRecordMissing(id): "audit: no bundle.written entry records bundle \(id)"
        case let .auditDigest(seq, audit, ledger):
            "audit: the ledger records SHA-256 \(ledger), its bundle.written entry \(seq) recorded \(audit) (bundle and ledger digest swapped?)"
        case let .auditEntryCount(seq, audit, manifest):
            "audit: the MANIFEST lists \(manifest) entries, the bundle.written entry \(seq) recorded \(audit)"
        case let .indexLineMissing(file): "\(file): no line for this bundle (cardprep vault reindex rewrites it from the ledger)"
        case let .indexLineRepeated(file, lines): "\(file): lines \(lines.map(String.init).joined(separator: ", ")) all name this bundle"
        case let .indexLine(file, line, field, index, ledger): "\(file) line \(line): \(field) is \(index), the ledger says \(ledger)"
        case let .indexLineUnknown(file, line, id): "\(file) line \(line): bundle \(id) is not kept in the ledger"
        case let .indexLineUnreadable(file, line, reason): "\(file) line \(line): unreadable: \(reason)"
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
