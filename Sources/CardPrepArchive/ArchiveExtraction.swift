import CardPrepCore
import CardPrepIO
import Foundation
import Glibc

extension SafeArchiveReader {
    /// Extracts every entry into a new folder, refusing anything that could reach outside it.
    ///
    /// `folder` must not exist yet (its parent must): it is created with mode 0700. Only regular
    /// files and folders are extracted; an absolute name, a '..' segment, a symbolic or hard link,
    /// a device, FIFO or socket entry stops the extraction with `ArchiveError.refusedEntry` naming
    /// the entry. Paths are resolved one segment at a time with `openat` and `O_NOFOLLOW`, files are
    /// created with `O_EXCL` (a duplicate entry is an error, never an overwrite), files get mode
    /// 0600 and folders 0700 whatever the archive says. On any error the folder and everything
    /// extracted into it are removed, so a failed extraction leaves nothing behind.
    /// - Parameter folder: the path of the folder to create and extract into.
    /// - Returns: the extracted entries in archive order.
    /// - Throws: `ArchiveError.refusedEntry`, `.extraction` for a file-system failure, and the
    ///   errors of `nextEntry()` and `readData(into:)`.
    @discardableResult
    public func extract(to folder: String) throws -> [ArchiveEntry] {
        guard mkdir(folder, 0o700) == 0 else {
            throw fail(ArchiveError.extraction(name: folder, operation: "mkdir", errno: errno))
        }
        do {
            let root = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard root >= 0 else { throw ArchiveError.extraction(name: folder, operation: "open", errno: errno) }
            defer { close(root) }
            var extracted: [ArchiveEntry] = []
            while let entry = try nextEntry() {
                let segments: [String]
                do { segments = try entry.extractionPath() } catch {
                    throw fail(ArchiveError.refusedEntry(name: entry.name, reason: error))
                }
                if entry.kind == .directory {
                    close(try openFolder(segments, under: root, entry: entry))
                } else {
                    try extractFile(entry, segments: segments, under: root)
                }
                extracted.append(entry)
            }
            return extracted
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    /// Creates the file named by `segments` below `root` exclusively and streams the entry's data into it.
    private func extractFile(_ entry: ArchiveEntry, segments: [String], under root: Int32) throws {
        let parent = try openFolder(segments.dropLast(), under: root, entry: entry)
        defer { close(parent) }
        let descriptor = openat(parent, segments[segments.count - 1], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw fail(ArchiveError.extraction(name: entry.name, operation: "openat", errno: errno)) }
        defer { close(descriptor) }
        var sink = DescriptorSink(descriptor: descriptor, name: entry.name)
        try readData(into: &sink)
    }

    /// Walks (creating as needed) the folders named by `segments` below `root`, never following a link.
    /// - Returns: a descriptor of the last folder, which the caller closes.
    private func openFolder(_ segments: some Collection<String>, under root: Int32, entry: ArchiveEntry) throws -> Int32 {
        var current = dup(root)
        guard current >= 0 else { throw fail(ArchiveError.extraction(name: entry.name, operation: "dup", errno: errno)) }
        for segment in segments {
            if mkdirat(current, segment, 0o700) != 0 && errno != EEXIST {
                let code = errno
                close(current)
                throw fail(ArchiveError.extraction(name: entry.name, operation: "mkdirat(\(segment))", errno: code))
            }
            let next = openat(current, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            close(current)
            guard next >= 0 else {
                throw fail(ArchiveError.extraction(name: entry.name, operation: "openat(\(segment))", errno: code))
            }
            current = next
        }
        return current
    }
}

/// A sink over a descriptor the extraction owns; it does not close it.
private struct DescriptorSink: ByteSink {
    let descriptor: Int32
    let name: String

    mutating func write(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.extraction(name: name, operation: "write", errno: errno)
            }
            written += count
        }
    }
}
