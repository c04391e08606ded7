import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// The vault's index file: one JSON line per bundle kept (not purged), in the vault root, so that the vault
/// can be searched without the ledger. The ledger is the source of truth: the file is rewritten from it
/// atomically after every change, and `cardprep vault reindex` rebuilds it.
public struct VaultIndex {
    /// One line of the index.
    public struct Line: Codable, Sendable, Equatable {
        public var id: String
        public var dropID: String
        /// Relative to the vault root.
        public var path: String
        public var contract: String
        public var unit: String
        public var product: String
        public var date: String
        public var quantity: Int
        public var sha256: String
        public var created: String
        public var retainUntil: String

        /// The line of a ledger record.
        public init(_ record: VaultBundleRecord) {
            id = record.id; dropID = record.dropID; path = record.path; contract = record.contract; unit = record.unit
            product = record.product; date = record.date; quantity = record.quantity; sha256 = record.sha256
            created = Timestamp.iso8601(record.created); retainUntil = Timestamp.iso8601(record.retainUntil)
        }
    }

    /// What a rebuild found.
    public struct Rebuild: Sendable, Equatable {
        /// Bundles written to the index.
        public var indexed: Int
        /// Bundles the ledger lists whose file is missing from the vault.
        public var missing: [String]
        /// Bundle files in the vault the ledger does not list.
        public var unknown: [String]
    }

    let settings: ArchiveSettings
    let ledger: Ledger

    /// Creates the index of the vault `settings` names.
    public init(settings: ArchiveSettings, ledger: Ledger) { self.settings = settings; self.ledger = ledger }

    /// Rewrites the index file from the ledger.
    /// - Returns: what the rebuild found in the vault.
    /// - Throws: `LedgerError` or an I/O error.
    @discardableResult
    public func rebuild() throws -> Rebuild {
        let records = try ledger.bundles()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = ""
        for record in records { text += String(decoding: try encoder.encode(Line(record)), as: UTF8.self) + "\n" }
        try FileManager.default.createDirectory(atPath: settings.vaultFolder, withIntermediateDirectories: true)
        try AtomicFileWriter.write(Array(text.utf8), to: settings.indexFile, mode: 0o640)
        let fm = FileManager.default
        let missing = records.filter { !fm.fileExists(atPath: settings.vaultFolder + "/" + $0.path) }.map(\.path)
        // The supplementary bundles of remakes of archived drops are known too (`ArchivedRemakeSupplement`).
        let known = Set(try ledger.bundles(matching: VaultQuery(includePurged: true)).map(\.path))
            .union(try ledger.archivedRemakes().compactMap(\.supplementPath))
        let onDisk = (fm.enumerator(atPath: settings.vaultFolder)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".tar.zst.age") }
        return Rebuild(indexed: records.count, missing: missing, unknown: onDisk.filter { !known.contains($0) }.sorted())
    }

    /// One line of the index file as it was read.
    public struct ReadLine: Sendable, Equatable {
        /// The line's number, from 1.
        public var number: Int
        /// The line, when it decodes.
        public var line: Line?
        /// Why it does not decode.
        public var problem: String?
    }

    /// Reads every line of the index file, keeping those that do not decode with the reason; none when there is no file.
    public func readLines() -> [ReadLine] {
        guard let data = FileManager.default.contents(atPath: settings.indexFile) else { return [] }
        let texts = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return texts.enumerated().filter { !$0.element.isEmpty }.map { index, text in
            do { return ReadLine(number: index + 1, line: try JSONDecoder().decode(Line.self, from: Data(text.utf8)), problem: nil) } catch {
                return ReadLine(number: index + 1, line: nil, problem: "not a JSON index line")
            }
        }
    }

    /// Reads the index file.
    /// - Throws: an I/O or decoding error naming the line.
    public func lines() throws -> [Line] {
        guard let data = FileManager.default.contents(atPath: settings.indexFile) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8))
        }
    }
}
