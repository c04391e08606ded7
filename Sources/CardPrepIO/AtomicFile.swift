import Foundation
import Glibc

/// Writes a file so that readers see either nothing or the whole file: the bytes go to a temporary
/// name in the same folder, are flushed to disk, and are renamed into place; the folder is flushed too.
/// A writer that is dropped or fails leaves no file behind under the final name or the temporary one.
public final class AtomicFileWriter: ByteSink {
    /// The final path.
    public let path: String
    /// The temporary path the bytes go to until `commit()`.
    public let temporaryPath: String
    private let sink: FileByteSink
    private var committed = false
    private let overwrite: Bool

    /// Starts writing `path`.
    /// - Parameters:
    ///   - path: the final path.
    ///   - mode: permission bits of the file, exactly (whatever the process's umask): public material such as
    ///     signatures and public keys is written 0644, private keys 0600, the rest 0640.
    ///   - overwrite: whether `commit()` may replace an existing file; when false it fails instead.
    /// - Throws: `ByteStreamError` when the temporary file cannot be created.
    public init(path: String, mode: mode_t = 0o600, overwrite: Bool = true) throws {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        self.path = path
        let temporaryPath = url.deletingLastPathComponent().appendingPathComponent(name).path
        self.temporaryPath = temporaryPath
        self.sink = try FileByteSink(creating: temporaryPath, mode: mode)
        try syscall(.write, path: temporaryPath) { chmod(temporaryPath, mode) }
        self.overwrite = overwrite
    }

    deinit { if !committed { _ = try? syscall(.write, path: temporaryPath) { unlink(temporaryPath) } } }

    public func write(_ bytes: [UInt8]) throws { try sink.write(bytes) }

    /// Flushes the bytes to disk and moves them to the final name.
    /// - Throws: `ByteStreamError` when the flush or the rename fails; nothing is left behind then.
    public func commit() throws {
        do {
            try sink.finish()
            if overwrite {
                try syscall(.write, path: path) { rename(temporaryPath, path) }
            } else {
                // link() fails with EEXIST instead of replacing: a never-overwrite rename.
                try syscall(.write, path: path) { link(temporaryPath, path) }
                _ = try? syscall(.write, path: temporaryPath) { unlink(temporaryPath) }
            }
            committed = true
            try FileSystemSync.syncDirectory(containing: path)
        } catch {
            _ = try? syscall(.write, path: temporaryPath) { unlink(temporaryPath) }
            throw error
        }
    }

    /// Writes `bytes` to `path` atomically in one call.
    /// - Throws: `ByteStreamError` when any step fails.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600, overwrite: Bool = true) throws {
        let writer = try AtomicFileWriter(path: path, mode: mode, overwrite: overwrite)
        try writer.write(bytes)
        try writer.commit()
    }
}

/// Durability helpers for folders.
public enum FileSystemSync {
    /// Flushes the folder holding `path`, so that a rename or a new name in it survives a crash.
    /// - Throws: `ByteStreamError.sync` when the folder cannot be opened or flushed.
    public static func syncDirectory(containing path: String) throws {
        try syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// Flushes the folder at `path`.
    /// - Throws: `ByteStreamError.sync` when the folder cannot be opened or flushed.
    public static func syncDirectory(_ path: String) throws {
        let fd = try syscall(.sync, path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { closeDescriptor(fd) }
        try syscall(.sync, path: path) { fsync(fd) }
    }
}
