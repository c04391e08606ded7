import Foundation

import Glibc

/// A file opened for reading; owns its descriptor and closes it when released.
public final class FileByteSource: ByteSource {
    /// The path the file was opened from, for messages.
    public let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    /// Opens `path` for reading.
    /// - Throws: `ByteStreamError.open` when the file cannot be opened.
    public init(path: String) throws {
        let fd = try syscall(.open, path: path) { open(path, O_RDONLY | O_CLOEXEC) }
        self.path = path
        self.descriptor = fd
        self.ownsDescriptor = true
    }

    /// Reads from standard input.
    public init(standardInput: ()) {
        self.path = "<stdin>"
        self.descriptor = STDIN_FILENO
        self.ownsDescriptor = false
    }

    deinit { if ownsDescriptor { closeDescriptor(descriptor) } }

    public func read(upTo maxLength: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxLength)
        var filled = 0
        while filled < maxLength {
            let n = try syscall(.read, path: path) {
                buffer.withUnsafeMutableBytes { raw in Glibc.read(descriptor, raw.baseAddress! + filled, maxLength - filled) }
            }
            if n == 0 { break }
            filled += n
        }
        buffer.removeLast(maxLength - filled)
        return buffer
    }
}

/// A file opened for writing; owns its descriptor, and `finish()` flushes it to disk before closing.
public final class FileByteSink: ByteSink {
    /// The path the file was created at, for messages.
    public let path: String
    private var descriptor: Int32
    private let ownsDescriptor: Bool

    /// Creates `path` for writing (it must not exist yet) with the given permission bits.
    /// - Throws: `ByteStreamError.open` when the file exists or cannot be created.
    public init(creating path: String, mode: mode_t = 0o600) throws {
        let fd = try syscall(.open, path: path) { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode) }
        self.path = path
        self.descriptor = fd
        self.ownsDescriptor = true
    }

    /// Writes to standard output.
    public init(standardOutput: ()) {
        self.path = "<stdout>"
        self.descriptor = STDOUT_FILENO
        self.ownsDescriptor = false
    }

    deinit { if ownsDescriptor && descriptor >= 0 { closeDescriptor(descriptor) } }

    public func write(_ bytes: [UInt8]) throws { try writeAll(bytes, to: descriptor, path: path) }

    /// Flushes the file's data to disk and closes it.
    /// - Throws: `ByteStreamError.sync` when the flush fails.
    public func finish() throws {
        guard ownsDescriptor, descriptor >= 0 else { return }
        defer { closeDescriptor(descriptor); descriptor = -1 }
        try syscall(.sync, path: path) { fsync(descriptor) }
    }
}
