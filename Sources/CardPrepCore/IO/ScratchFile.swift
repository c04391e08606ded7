import Foundation

import Glibc

/// A nameless temporary file for spilling working data to disk: created with `O_TMPFILE` in a folder (or,
/// where the file system cannot, created as `.cardprep-scratch-XXXXXX.tmp` and unlinked at once), so nothing
/// is left behind when the process ends, however it ends. Owns its descriptor and closes it when released.
public final class ScratchFile {
    /// The folder it lives in, for messages.
    public let folder: String
    private let descriptor: Int32
    /// The bytes written so far.
    public private(set) var size = 0

    /// Creates an empty scratch file in `folder`.
    /// - Throws: `ByteStreamError.open` when no file can be created there.
    public init(in folder: String) throws(ByteStreamError) {
        self.folder = folder
        let tmpfile: Int32 = 0o20_000_000 | O_DIRECTORY
        var fd = open(folder, O_RDWR | O_CLOEXEC | tmpfile, 0o600)
        if fd < 0 {
            // Named like an atomic write's temporary file, so a sweep after a kill between here and the
            // unlink below finds it.
            var template = Array((folder + "/.cardprep-scratch-XXXXXX.tmp").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
            guard fd >= 0 else { throw .open(path: folder, errno: errno) }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Appends the bytes of `elements`, which are only ever read back by this process.
    /// - Throws: `ByteStreamError.write` when the write fails (for example a full disk).
    public func append<Element: BitwiseCopyable>(_ elements: [Element]) throws(ByteStreamError) {
        let failure = elements.withUnsafeBytes { writeAll($0) }
        if let failure { throw failure }
        size += elements.count * MemoryLayout<Element>.stride
    }

    /// Reads back `count` elements written by `append`, starting at byte `offset`.
    /// - Throws: `ByteStreamError.read` when the read fails or the file is shorter.
    public func read<Element: BitwiseCopyable>(_ type: Element.Type, count: Int, at offset: Int) throws(ByteStreamError) -> [Element] {
        var failure: ByteStreamError?
        let elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            failure = readAll(UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = failure == nil ? count : 0
        }
        if let failure { throw failure }
        return elements
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> ByteStreamError? {
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(size + done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return .write(path: folder + " (scratch file)", errno: count < 0 ? errno : ENOSPC) }
            done += count
        }
        return nil
    }

    private func readAll(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> ByteStreamError? {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return .read(path: folder + " (scratch file)", errno: count < 0 ? errno : EIO) }
            done += count
        }
        return nil
    }
}
