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
        if let fd = try? syscall(.open, path: folder, { open(folder, O_RDWR | O_CLOEXEC | tmpfile, 0o600) }) {
            descriptor = fd
            return
        }
        // Named like an atomic write's temporary file, so a sweep after a kill between here and the
        // unlink below finds it.
        var template: [CChar] = []
        let fd = try syscall(.open, path: folder) {
            template = Array((folder + "/.cardprep-scratch-XXXXXX.tmp").utf8CString)
            return template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        }
        _ = try? syscall(.open, path: folder) { fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = try? syscall(.open, path: folder) { template.withUnsafeBufferPointer { unlink($0.baseAddress!) } }
        descriptor = fd
    }

    deinit { closeDescriptor(descriptor) }

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
        let path = folder + " (scratch file)"
        var done = 0
        while done < bytes.count {
            do throws(ByteStreamError) {
                let count = try syscall(.write, path: path) {
                    pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(size + done))
                }
                guard count > 0 else { return .write(path: path, errno: ENOSPC) }
                done += count
            } catch {
                return error
            }
        }
        return nil
    }

    private func readAll(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> ByteStreamError? {
        let path = folder + " (scratch file)"
        var done = 0
        while done < buffer.count {
            do throws(ByteStreamError) {
                let count = try syscall(.read, path: path) {
                    pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                }
                guard count > 0 else { return .read(path: path, errno: EIO) }
                done += count
            } catch {
                return error
            }
        }
        return nil
    }
}
