import CardPrepArchive
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// The checkpoints kept beside the ledger: `<output>/audit/checkpoint-<number>.txt` (six digits) with the signature
/// in `.sig` beside it. Version 1 files are named by the entry they cover (`checkpoint-<seq>.txt`).
struct CheckpointFolder {
    let folder: String

    /// The file of checkpoint `number`.
    func file(number: Int) -> String { folder + "/" + String(format: "checkpoint-%06d.txt", number) }

    /// Every checkpoint file, oldest name first, with its signature when there is one.
    func copies() -> [CheckpointCopy] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("checkpoint-") && $0.hasSuffix(".txt") }.sorted()
        return names.map { name in
            let path = folder + "/" + name
            return CheckpointCopy(
                source: .folder(file: path), statement: Array(FileManager.default.contents(atPath: path) ?? Data()),
                signature: FileManager.default.contents(atPath: path + ".sig").map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// Writes checkpoint `number`: the signature first, then the statement; neither ever replaces a file.
    /// - Returns: the statement's file.
    /// - Throws: `ByteStreamError` when a file cannot be written or exists already.
    func write(_ statement: [UInt8], signature: String, number: Int) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = file(number: number)
        // A write killed between the two files left this very signature: the statement is what is missing.
        if !hasSignature(signature, number: number) {
            try AtomicFileWriter.write(Array(signature.utf8), to: path + ".sig", mode: 0o640, overwrite: false)
        }
        try AtomicFileWriter.write(statement, to: path, mode: 0o640, overwrite: false)
        return path
    }

    /// Whether the folder holds `signature` as the signature file of checkpoint `number`.
    func hasSignature(_ signature: String, number: Int) -> Bool {
        FileManager.default.contents(atPath: file(number: number) + ".sig").map { Array($0) } == Array(signature.utf8)
    }
}

/// The checkpoints kept beside the vault, outside the ledger's folder: `<vault>/audit-checkpoints.log`, only ever
/// appended to (it may be marked append-only with `chattr +a`), one JSON object a line:
/// `{"number":3,"signature":"-----BEGIN SSH SIGNATURE-----\n…","statement":"cardprep-audit-checkpoint/2\n…"}`.
struct CheckpointLog {
    /// One line of the log.
    struct Line: Codable, Equatable {
        var number: Int
        var statement: String
        var signature: String
    }

    /// A line that is not a checkpoint entry.
    struct Unreadable: Equatable {
        var line: Int
        var reason: String
    }

    let file: String

    /// The log's entries in file order, and its lines that are not entries.
    func read() -> (copies: [CheckpointCopy], unreadable: [Unreadable]) {
        guard let data = FileManager.default.contents(atPath: file) else { return ([], []) }
        var copies: [CheckpointCopy] = [], unreadable: [Unreadable] = []
        for (index, text) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        where !text.isEmpty {
            do {
                let line = try JSONDecoder().decode(Line.self, from: Data(text.utf8))
                copies.append(
                    CheckpointCopy(
                        source: .log(file: file, line: index + 1), statement: Array(line.statement.utf8),
                        signature: line.signature))
            } catch {
                unreadable.append(Unreadable(line: index + 1, reason: "not a checkpoint entry (a write cut short, or an edit)"))
            }
        }
        return (copies, unreadable)
    }

    /// Appends checkpoint `number`, after a newline of its own when the log does not end with one (a write cut short).
    /// - Throws: `ByteStreamError` when the log cannot be opened, written or flushed.
    func append(_ statement: [UInt8], signature: String, number: Int) throws {
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Array(
            try encoder.encode(Line(number: number, statement: String(decoding: statement, as: UTF8.self), signature: signature)))
        bytes.append(0x0A)
        if let last = FileManager.default.contents(atPath: file)?.last, last != 0x0A { bytes.insert(0x0A, at: 0) }
        let sink = try AppendingFileSink(path: file)
        try sink.write(bytes)
        try sink.finish()
    }
}

/// The copy of the latest checkpoint that every bundle carries, as its `audit/` entries.
enum BundleCheckpoints {
    /// The folder of the entries in a bundle.
    static let folder = "audit/"
    /// The largest entry read.
    static let maximumSize: Int64 = 1 << 20

    /// The entries for a checkpoint: the statement and its signature.
    static func files(number: Int, statement: [UInt8], signature: String) -> [BundleFile] {
        let name = folder + String(format: "checkpoint-%06d.txt", number)
        return [
            BundleFile(name: name, contents: .bytes(statement)),
            BundleFile(name: name + ".sig", contents: .bytes(Array(signature.utf8))),
        ]
    }

    /// The checkpoints a bundle carries. Only the start of the bundle is decrypted: the `audit/` entries come right
    /// after the MANIFEST, as entries are in byte order.
    /// - Throws: age, archive and I/O errors when the bundle cannot be read.
    static func copies(inBundle path: String, identities: [any AgeIdentity]) throws -> [CheckpointCopy] {
        let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: path), identities: identities)
        let reader = try SafeArchiveReader(source: source)
        var files: [String: [UInt8]] = [:]
        while let entry = try reader.nextEntry() {
            if entry.name == BundleManifest.entryName || entry.name == BundleManifest.signatureEntryName { continue }
            guard entry.name.utf8.lexicographicallyPrecedes("audit0".utf8) else { break }
            guard entry.name.hasPrefix(folder), entry.kind == .regularFile, entry.size <= maximumSize else { continue }
            var sink = MemoryByteSink()
            try reader.readData(into: &sink)
            files[entry.name] = sink.bytes
        }
        return files.keys.filter { $0.hasSuffix(".txt") }.sorted().map { name in
            CheckpointCopy(
                source: .bundle(path: path), statement: files[name]!,
                signature: files[name + ".sig"].map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// The bundle files in a vault folder, by path.
    static func bundles(in vaultFolder: String) -> [String] {
        let found = FileManager.default.enumerator(atPath: vaultFolder)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".tar.zst.age") }.sorted().map { vaultFolder + "/" + $0 }
    }
}
