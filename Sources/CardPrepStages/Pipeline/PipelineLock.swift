import Foundation
import Glibc

/// The single-instance lock of a pipeline: an advisory `flock` on a file in the output folder. The kernel
/// drops it when the process ends, however it ends, so a killed run never leaves a stale lock.
public final class PipelineLock {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    /// Takes the lock at `path`.
    /// - Parameter wait: wait for the holder to finish instead of failing at once.
    /// - Throws: `PipelineLockError.held` when another process holds it and `wait` is false.
    public init(path: String, wait: Bool) throws(PipelineLockError) {
        try? FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw code == EWOULDBLOCK ? .held(path: path) : .cannotOpen(path: path, errno: code)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, pid.count, 0) }
        self.descriptor = fd
        self.path = path
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Why the pipeline lock could not be taken.
public enum PipelineLockError: Error, Equatable, CustomStringConvertible {
    case held(path: String)
    case cannotOpen(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .held(path): "another run holds the lock \(path); use --wait to wait for it"
        case let .cannotOpen(path, code): "cannot open lock file \(path): \(String(cString: strerror(code)))"
        }
    }
}
