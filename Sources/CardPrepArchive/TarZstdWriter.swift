import CardPrepCore
import CardPrepIO
import Foundation
internal import CLibArchive

/// Writes a bundle: a pax (restricted) tar, zstd-compressed at level 3, streamed into a `ByteSink`.
///
/// The output is deterministic: every entry gets owner 0:0 named "cardprep", mode 0644 (files)
/// or 0755 (folders), and the same whole-second modification time (the run's clock); no access,
/// change or creation times are stored, and ASCII names shorter than 100 bytes need no pax
/// extended header at all. Entries must be added in strictly ascending byte order of their
/// names (see `EntryName.bundleOrder`); the writer refuses anything else, so two runs over the
/// same entries produce byte-identical bundles.
///
/// Call `finish()` once all entries are added; a writer released unfinished writes nothing more,
/// so the sink never receives a bundle that looks complete but is not.
public final class TarZstdWriter<Sink: ByteSink>: LibArchiveHandleOwner {
    /// The size of the pieces in which entry contents are streamed.
    public static var pieceSize: Int { 64 * 1024 }

    let handle: OpaquePointer
    private let context: WriteCallbackContext
    private let storage: SinkStorage
    private let modificationTime: Int
    private var previousName: String?
    private var isOpen = true

    var pendingStreamFailure: (any Error)? { context.failure }

    /// The sink, holding everything written so far (all of the bundle once `finish()` returned).
    public var sink: Sink { storage.sink }

    /// Starts a bundle.
    /// - Parameters:
    ///   - sink: where the compressed bundle goes.
    ///   - modificationTime: the time stamped on every entry, truncated to whole seconds.
    ///   - compressionLevel: the zstd level; 3 unless there is a reason.
    /// - Throws: `ArchiveError.library` if libarchive cannot be set up.
    public init(sink: Sink, modificationTime: Date, compressionLevel: Int = 3) throws {
        guard let handle = archive_write_new() else {
            throw ArchiveError.library(operation: "archive_write_new", status: .fatal, errno: ENOMEM, message: "out of memory")
        }
        let storage = SinkStorage(sink)
        self.handle = handle
        self.storage = storage
        self.context = WriteCallbackContext { bytes in try storage.sink.write(bytes) }
        self.modificationTime = Int(modificationTime.timeIntervalSince1970.rounded(.down))
        try check(archive_write_set_format_pax_restricted(handle), operation: "archive_write_set_format_pax_restricted")
        try check(archive_write_add_filter_zstd(handle), operation: "archive_write_add_filter_zstd")
        try check(
            archive_write_set_filter_option(handle, "zstd", "compression-level", String(compressionLevel)),
            operation: "archive_write_set_filter_option(zstd:compression-level=\(compressionLevel))")
        // Without this libarchive pads the compressed stream with zeros to 10 KiB, which `zstd -d` rejects.
        try check(archive_write_set_bytes_in_last_block(handle, 1), operation: "archive_write_set_bytes_in_last_block")
        try check(
            archive_write_open(handle, Unmanaged.passUnretained(context).toOpaque(), nil, writeCallback, nil),
            operation: "archive_write_open")
    }

    deinit {
        if isOpen { context.discarding = true }
        archive_write_free(handle)
    }

    /// Adds a folder entry (mode 0755).
    /// - Parameter name: a relative name, see `EntryName.validate(_:)`, without a trailing '/'.
    /// - Throws: `ArchiveError` for a bad or out-of-order name, or a libarchive or sink failure.
    public func add(directory name: String) throws {
        try writeHeader(name: name, fileType: 0o040000, permissions: 0o755, size: 0)
        try finishEntry()
    }

    /// Adds a regular file (mode 0644), streaming its contents from `contents` in 64 KiB pieces.
    /// - Parameters:
    ///   - name: a relative name, see `EntryName.validate(_:)`.
    ///   - size: the exact number of bytes `contents` yields.
    ///   - contents: the file's bytes, read until the source is exhausted.
    /// - Throws: `ArchiveError.sizeMismatch` when `contents` yields more or fewer than `size` bytes,
    ///   `ArchiveError.stream` when `contents` fails, and the errors of `add(directory:)`.
    public func add(file name: String, size: Int64, contents: some ByteSource) throws {
        var contents = contents
        try writeHeader(name: name, fileType: 0o100000, permissions: 0o644, size: size)
        var streamed: Int64 = 0
        while true {
            let piece: [UInt8]
            do { piece = try contents.read(upTo: Self.pieceSize) } catch {
                isOpen = false
                throw ArchiveError.stream(operation: "reading the contents of \(name)", underlying: error)
            }
            if piece.isEmpty { break }
            streamed += Int64(piece.count)
            guard streamed <= size else { break }
            let written = try piece.withUnsafeBytes { raw in
                try guarded("archive_write_data(\(name))") {
                    try checkCount(archive_write_data(handle, raw.baseAddress, raw.count), operation: "archive_write_data(\(name))")
                }
            }
            guard written == piece.count else {
                isOpen = false
                throw ArchiveError.sizeMismatch(name: name, declared: size, streamed: streamed - Int64(piece.count - written))
            }
        }
        guard streamed == size else {
            isOpen = false
            throw ArchiveError.sizeMismatch(name: name, declared: size, streamed: streamed)
        }
        try finishEntry()
    }

    /// Adds a regular file held in memory.
    /// - Throws: as `add(file:size:contents:)`.
    public func add(file name: String, bytes: [UInt8]) throws {
        try add(file: name, size: Int64(bytes.count), contents: MemoryByteSource(bytes))
    }

    /// Writes the end of the archive and flushes the compressor into the sink.
    /// - Throws: `ArchiveError` when libarchive or the sink fails.
    public func finish() throws {
        guard isOpen else { throw ArchiveError.closed(operation: "finishing the bundle") }
        try guarded("archive_write_close") { try check(archive_write_close(handle), operation: "archive_write_close") }
        isOpen = false
    }

    private func writeHeader(name: String, fileType: UInt32, permissions: UInt32, size: Int64) throws {
        guard isOpen else { throw ArchiveError.closed(operation: "adding \(name)") }
        try EntryName.validate(name)
        if let previousName, !EntryName.precedes(previousName, name) {
            throw ArchiveError.entryOutOfOrder(previous: previousName, name: name)
        }
        guard size >= 0 else { throw ArchiveError.sizeMismatch(name: name, declared: size, streamed: 0) }
        guard let entry = archive_entry_new() else {
            throw ArchiveError.library(operation: "archive_entry_new", status: .fatal, errno: ENOMEM, message: "out of memory")
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_filetype(entry, fileType)
        archive_entry_set_perm(entry, permissions)
        archive_entry_set_size(entry, size)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        archive_entry_set_uname(entry, "cardprep")
        archive_entry_set_gname(entry, "cardprep")
        archive_entry_set_mtime(entry, modificationTime, 0)
        try guarded("archive_write_header(\(name))") {
            try check(archive_write_header(handle, entry), operation: "archive_write_header(\(name))")
        }
        previousName = name
    }

    private func finishEntry() throws {
        try guarded("archive_write_finish_entry") {
            try check(archive_write_finish_entry(handle), operation: "archive_write_finish_entry")
        }
    }

    /// Runs a libarchive step; any failure leaves the writer closed, as the bundle is no longer whole.
    @discardableResult
    private func guarded<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            isOpen = false
            throw error
        }
    }

    /// Holds the sink so the write callback can reach it without holding the writer.
    private final class SinkStorage {
        var sink: Sink
        init(_ sink: Sink) { self.sink = sink }
    }
}
