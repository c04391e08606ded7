import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// One file to put in a bundle: its entry name and where its bytes come from.
public struct BundleFile: Sendable, Equatable {
    /// Where the bytes of an entry come from.
    public enum Contents: Sendable, Equatable {
        /// A file on disk, streamed.
        case file(path: String)
        /// Bytes held in memory (reports, the custody log).
        case bytes([UInt8])
    }

    /// The entry name, relative and `/`-separated (see `EntryName.validate`).
    public var name: String
    public var contents: Contents

    /// Creates a bundle file.
    public init(name: String, contents: Contents) { self.name = name; self.contents = contents }

    /// The entry's size and SHA-256.
    /// - Throws: an I/O error when the file cannot be read.
    func digest() throws -> BundleManifest.Entry {
        switch contents {
        case let .bytes(bytes):
            return .init(name: name, size: Int64(bytes.count), sha256: FileDigest.sha256(bytes))
        case let .file(path):
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
            return .init(name: name, size: size, sha256: try FileDigest.sha256(path: path))
        }
    }

    /// Adds the entry to `writer`, streaming a file in 64 KiB pieces.
    func add(to writer: TarZstdWriter<some ByteSink>, size: Int64) throws {
        switch contents {
        case let .bytes(bytes): try writer.add(file: name, bytes: bytes)
        case let .file(path): try writer.add(file: name, size: size, contents: try FileByteSource(path: path))
        }
    }
}

extension BundleFile {
    /// What the archive stage gathers for a drop: the customer's files as received (`received/…`), the orders
    /// (`orders/…`) and the drop's custody log as JSON lines (`custody.jsonl`).
    /// - Throws: `VaultError.notFound` when the drop's kept originals are gone; I/O and ledger errors.
    public static func gather(drop: DropRecord, ledger: Ledger) throws -> [BundleFile] {
        var files: [BundleFile] = []
        let fm = FileManager.default
        guard fm.fileExists(atPath: drop.originalsPath) else { throw VaultError.notFound("the kept originals \(drop.originalsPath)") }
        for relative in try regularFiles(under: drop.originalsPath) {
            files.append(BundleFile(name: "received/" + relative, contents: .file(path: drop.originalsPath + "/" + relative)))
        }
        let orders = drop.workPath + "/orders"
        for name in ((try? fm.contentsOfDirectory(atPath: orders)) ?? []).sorted() where name.hasSuffix(".xml") {
            files.append(BundleFile(name: "orders/" + name, contents: .file(path: orders + "/" + name)))
        }
        let custody = try ledger.auditEntries(dropID: drop.id).map { $0.jsonLine + "\n" }.joined()
        files.append(BundleFile(name: "custody.jsonl", contents: .bytes(Array(custody.utf8))))
        return files
    }

    /// Every regular file below `folder`, as relative paths; links and other kinds are refused.
    static func regularFiles(under folder: String) throws -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: folder).sorted() {
            let path = folder + "/" + name
            let type = try fm.attributesOfItem(atPath: path)[.type] as? FileAttributeType
            switch type {
            case .typeRegular?: found.append(name)
            case .typeDirectory?: found += try regularFiles(under: path).map { name + "/" + $0 }
            default: throw VaultError.refused(path: path, reason: "only regular files and folders are archived")
            }
        }
        return found
    }
}
