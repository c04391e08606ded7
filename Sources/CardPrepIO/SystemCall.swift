import Glibc

extension ByteStreamError {
    /// What a system call was doing; it picks the case its failure is reported as.
    enum Operation {
        case open, read, write, sync
    }

    /// The failure of `operation` on `path`, with the operating system's error number.
    init(_ operation: Operation, path: String, errno code: Int32) {
        switch operation {
        case .open: self = .open(path: path, errno: code)
        case .read: self = .read(path: path, errno: code)
        case .write: self = .write(path: path, errno: code)
        case .sync: self = .sync(path: path, errno: code)
        }
    }

    /// The operating system's error number.
    var code: Int32 {
        switch self {
        case let .open(_, code), let .read(_, code), let .write(_, code), let .sync(_, code): code
        }
    }
}

/// Runs one system call: the one place in this module where `-1` and `errno` become an error.
///
/// The call is repeated while a signal interrupts it (`EINTR`); any other failure becomes a `ByteStreamError`
/// for `operation` on `path`, carrying `errno` (its description gives the operating system's text). Every
/// system call of this module goes through here except `close`, which `closeDescriptor(_:)` makes.
/// - Parameters:
///   - operation: what the call does, which picks the error's case.
///   - path: the file or folder the call is about, for the message.
///   - call: the call; it returns `-1` and sets `errno` when it fails, and may run more than once.
/// - Returns: the call's result, never `-1`.
/// - Throws: `ByteStreamError` for `operation` on `path` when the call fails other than by being interrupted.
@discardableResult
func syscall<Result: SignedInteger>(
    _ operation: ByteStreamError.Operation, path: String, _ call: () -> Result
) throws(ByteStreamError) -> Result {
    while true {
        let result = call()
        if result != -1 { return result }
        let code = errno
        if code != EINTR { throw ByteStreamError(operation, path: path, errno: code) }
    }
}

/// Writes all of `bytes` to `descriptor`, however many calls it takes (a short write is continued).
/// - Throws: `ByteStreamError.write` for `path` when a write fails.
func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(ByteStreamError) {
    var written = 0
    while written < bytes.count {
        written += try syscall(.write, path: path) {
            bytes.withUnsafeBytes { raw in Glibc.write(descriptor, raw.baseAddress! + written, bytes.count - written) }
        }
    }
}

/// Closes a descriptor this module owns, when it is released or after an earlier failure.
///
/// Not retried on `EINTR`: Linux has released the descriptor even then, so a retry could close one another
/// thread has just been given (swift-nio's `close` makes the same choice). A failure is not reported, as there
/// is no one left to report it to; data that must be durable is flushed with `fsync` before the close.
func closeDescriptor(_ descriptor: Int32) {
    _ = Glibc.close(descriptor)
}
