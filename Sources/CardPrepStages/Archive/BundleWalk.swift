import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// One pass over a decrypted bundle: keeps MANIFEST and MANIFEST.sig, and the size (and, reading data,
/// the SHA-256) of every other entry, to compare with the MANIFEST afterwards.
final class BundleWalk {
    /// What was seen of one entry.
    struct Seen {
        var size: Int64
        var sha256: String?
    }

    /// The largest MANIFEST or MANIFEST.sig read into memory.
    static let maximumManifestSize: Int64 = 16 * 1024 * 1024

    let readData: Bool
    private(set) var manifestBytes: [UInt8]?
    private(set) var manifestSignature: [UInt8]?
    private(set) var seen: [String: Seen] = [:]

    init(readData: Bool) { self.readData = readData }

    /// Reads every entry, recording faults for repeated and non-regular entries.
    /// - Returns: whether the archive was read to its end.
    func run(_ reader: SafeArchiveReader, into result: inout VaultVerification) -> Bool {
        var current: String?
        do {
            while let entry = try reader.nextEntry() {
                current = entry.name
                guard entry.kind == .regularFile else {
                    result.faults.append(.entryUnexpected(name: entry.name))
                    continue
                }
                let isManifest = entry.name == BundleManifest.entryName || entry.name == BundleManifest.signatureEntryName
                if seen[entry.name] != nil || (isManifest && (entry.name == BundleManifest.entryName ? manifestBytes : manifestSignature) != nil) {
                    result.faults.append(.entryRepeated(name: entry.name))
                    continue
                }
                if isManifest {
                    guard entry.size <= Self.maximumManifestSize else {
                        result.faults.append(.manifestUnreadable(reason: "\(entry.name) is \(entry.size) bytes"))
                        continue
                    }
                    var sink = MemoryByteSink()
                    try reader.readData(into: &sink)
                    if entry.name == BundleManifest.entryName { manifestBytes = sink.bytes } else { manifestSignature = sink.bytes }
                } else if readData {
                    var sink = DigestingSink()
                    try reader.readData(into: &sink)
                    seen[entry.name] = Seen(size: sink.size, sha256: sink.digest.hex())
                } else {
                    seen[entry.name] = Seen(size: entry.size, sha256: nil)
                }
                result.entriesChecked += 1
            }
            return true
        } catch {
            result.faults.append(
                VaultVerifier.isDecryption(error) ? .decryption(reason: "\(error) (while reading \(current ?? "the archive"))")
                    : .archiveUnreadable(entry: current, reason: "\(error)"))
            return false
        }
    }

    /// Compares what was seen with the MANIFEST's entries.
    func compare(with manifest: BundleManifest, complete: Bool, into result: inout VaultVerification) {
        var listed = Set<String>()
        for entry in manifest.entries {
            listed.insert(entry.name)
            guard let found = seen[entry.name] else {
                if complete { result.faults.append(.entryMissing(name: entry.name)) }
                continue
            }
            if found.size != entry.size {
                result.faults.append(.entrySize(name: entry.name, expected: entry.size, found: found.size))
            } else if let digest = found.sha256, digest != entry.sha256 {
                result.faults.append(.entryDigest(name: entry.name, expected: entry.sha256, found: digest))
            }
        }
        for name in seen.keys.sorted() where !listed.contains(name) {
            result.faults.append(.entryUnexpected(name: name))
        }
    }
}

/// A sink that only hashes and counts what it is given.
struct DigestingSink: ByteSink {
    var digest = StreamingSHA256()
    var size: Int64 = 0

    mutating func write(_ bytes: [UInt8]) throws {
        digest.update(bytes)
        size += Int64(bytes.count)
    }
}
