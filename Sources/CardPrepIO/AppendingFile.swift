import Glibc

/// A file opened to append to: it is created when missing, every write goes to its end (`O_APPEND`, so a file marked
/// append-only with `chattr +a` can still be written), and `finish()` flushes it to disk before closing. For logs
/// that are only ever added to, such as the audit checkpoints kept beside the vault.
public final class AppendingFileSink: ByteSink {
    /// The file's path, for messages.
    public let path: String
    /// Whether this sink created the file.
    public let created: Bool
    private var descriptor: Int32

    /// Opens `path` to append to, creating it with `mode` when it does not exist.
    /// - Throws: `ByteStreamError.open` when the file cannot be opened or created.
    public init(path: String, mode: mode_t = 0o640) throws {
        self.path = path
        let fresh = try? syscall(.open, path: path) { open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, mode) }
        if let fresh {
            descriptor = fresh
            created = true
        } else {
            descriptor = try syscall(.open, path: path) { open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
            created = false
        }
    }

    deinit { if descriptor >= 0 { closeDescriptor(descriptor) } }

    public func write(_ bytes: [UInt8]) throws { try writeAll(bytes, to: descriptor, path: path) }

    /// Flushes the file to disk and closes it; a file this sink created has its folder flushed too.
    /// - Throws: `ByteStreamError.sync` when a flush fails.
    public func finish() throws {
        guard descriptor >= 0 else { return }
        defer { closeDescriptor(descriptor); descriptor = -1 }
        try syscall(.sync, path: path) { fsync(descriptor) }
        if created { try FileSystemSync.syncDirectory(containing: path) }
    }
}
