import CardPrepCore
import CardPrepIO
import Foundation
internal import CLibArchive

/// Reads a tar archive, plain or zstd-compressed, streamed from a `ByteSource`.
///
/// The reader is single-pass: `nextEntry()` moves to the next header (skipping any unread data),
/// `readData(into:)` streams the current entry's data, and `list()` and `extract(to:)` consume
/// the whole archive. Only the tar formats (ustar, pax, GNU) and the zstd filter are enabled,
/// every libarchive warning is an error, and `ReadLimits` bound entries and sizes.
public final class SafeArchiveReader: LibArchiveHandleOwner {
    let handle: OpaquePointer
    private let context: ReadCallbackContext
    private let limits: ReadLimits
    private var entryCount = 0
    private var totalBytes: Int64 = 0
    private var current: ArchiveEntry?
    private var isFinished = false

    var pendingStreamFailure: (any Error)? { context.failure }

    /// Opens an archive over `source`.
    /// - Parameters:
    ///   - source: the archive's bytes, read in 64 KiB pieces as needed.
    ///   - limits: the bounds on entries and sizes.
    /// - Throws: `ArchiveError` when libarchive cannot be set up or the source is not a readable tar archive.
    public init<Source: ByteSource>(source: Source, limits: ReadLimits = .bundle) throws {
        guard let handle = archive_read_new() else {
            throw ArchiveError.library(operation: "archive_read_new", status: .fatal, errno: ENOMEM, message: "out of memory")
        }
        var source = source
        self.handle = handle
        self.limits = limits
        self.context = ReadCallbackContext { count in try source.read(upTo: count) }
        try check(archive_read_support_filter_none(handle), operation: "archive_read_support_filter_none")
        try check(archive_read_support_filter_zstd(handle), operation: "archive_read_support_filter_zstd")
        try check(archive_read_support_format_tar(handle), operation: "archive_read_support_format_tar")
        try check(
            archive_read_open(handle, Unmanaged.passUnretained(context).toOpaque(), nil, readCallback, nil),
            operation: "archive_read_open")
    }

    deinit { archive_read_free(handle) }

    /// Moves to the next entry, skipping whatever data of the current one was not read.
    /// - Returns: the entry's header, or nil at the end of the archive.
    /// - Throws: `ArchiveError.library` for a corrupt or truncated archive, `.stream` when the
    ///   source fails, `.limitExceeded` when the archive passes a limit.
    public func nextEntry() throws -> ArchiveEntry? {
        guard !isFinished else { return nil }
        var raw: OpaquePointer?
        let status: ArchiveStatus
        do {
            status = try check(archive_read_next_header(handle, &raw), operation: "archive_read_next_header", accepting: [.ok, .eof])
        } catch {
            isFinished = true
            throw error
        }
        guard status == .ok, let raw else {
            isFinished = true
            current = nil
            return nil
        }
        let entry = Self.describe(raw)
        entryCount += 1
        if entryCount > limits.maximumEntries {
            throw fail(ArchiveError.limitExceeded(name: entry.name, limit: "\(limits.maximumEntries) entries"))
        }
        if entry.size > limits.maximumEntrySize {
            throw fail(ArchiveError.limitExceeded(name: entry.name, limit: "\(limits.maximumEntrySize) bytes per entry"))
        }
        current = entry
        return entry
    }

    /// Streams the current entry's data into `sink` in pieces of at most 64 KiB.
    /// - Returns: the number of bytes streamed.
    /// - Throws: `ArchiveError.library` for corrupt or truncated data, `.stream` when the source
    ///   or the sink fails, `.limitExceeded` past the total size limit, `.closed` without a current entry.
    @discardableResult
    public func readData<Sink: ByteSink>(into sink: inout Sink) throws -> Int64 {
        guard let entry = current else { throw ArchiveError.closed(operation: "reading entry data") }
        var streamed: Int64 = 0
        while true {
            let piece = try [UInt8](unsafeUninitializedCapacity: ReadCallbackContext.pieceSize) { buffer, count in
                count = 0
                let result = archive_read_data(handle, buffer.baseAddress, buffer.count)
                do { count = try checkCount(result, operation: "archive_read_data(\(entry.name))") } catch {
                    throw fail(error)
                }
            }
            if piece.isEmpty { return streamed }
            streamed += Int64(piece.count)
            totalBytes += Int64(piece.count)
            if totalBytes > limits.maximumTotalSize {
                throw fail(ArchiveError.limitExceeded(name: entry.name, limit: "\(limits.maximumTotalSize) bytes in all"))
            }
            do { try sink.write(piece) } catch {
                throw fail(ArchiveError.stream(operation: "writing the data of \(entry.name)", underlying: error))
            }
        }
    }

    /// Reads every remaining header without extracting anything.
    /// - Returns: the entries in archive order, links and devices included.
    /// - Throws: as `nextEntry()`.
    public func list() throws -> [ArchiveEntry] {
        var entries: [ArchiveEntry] = []
        while let entry = try nextEntry() { entries.append(entry) }
        return entries
    }

    /// Marks the reader finished and hands back `error` to throw.
    func fail(_ error: any Error) -> any Error {
        isFinished = true
        current = nil
        return error
    }

    /// Copies a libarchive entry's header into a value.
    private static func describe(_ raw: OpaquePointer) -> ArchiveEntry {
        let name = (archive_entry_pathname_utf8(raw) ?? archive_entry_pathname(raw)).flatMap {
            String(validatingCString: $0)
        }
        let kind: ArchiveEntryKind
        if let target = archive_entry_hardlink(raw) {
            kind = .hardLink(target: String(cString: target))
        } else {
            switch archive_entry_filetype(raw) & 0o170000 {
            case 0o100000: kind = .regularFile
            case 0o040000: kind = .directory
            case 0o120000:
                kind = .symbolicLink(target: archive_entry_symlink(raw).map { String(cString: $0) } ?? "")
            case 0o020000: kind = .characterDevice
            case 0o060000: kind = .blockDevice
            case 0o010000: kind = .fifo
            case 0o140000: kind = .socket
            case let other: kind = .unknown(mode: other)
            }
        }
        return ArchiveEntry(
            storedName: name,
            kind: kind,
            size: archive_entry_size(raw),
            permissions: archive_entry_perm(raw) & 0o7777,
            modificationTime: Date(timeIntervalSince1970: TimeInterval(archive_entry_mtime(raw))))
    }
}
