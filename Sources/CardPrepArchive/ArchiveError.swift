import Foundation

/// A libarchive status code, named; every code libarchive documents has a case.
public enum ArchiveStatus: Hashable, Sendable, CustomStringConvertible {
    /// The operation succeeded.
    case ok
    /// The end of the archive (or of an entry's data) was reached.
    case eof
    /// The operation failed but may succeed if retried.
    case retry
    /// The operation succeeded with a problem that may matter (lost metadata, an unconvertible name).
    case warn
    /// The operation failed for this entry; the archive may still be usable.
    case failed
    /// The archive handle is no longer usable.
    case fatal
    /// A code libarchive does not document.
    case unknown(Int32)

    /// Names a raw libarchive return code.
    init(code: Int32) {
        switch code {
        case 0: self = .ok
        case 1: self = .eof
        case -10: self = .retry
        case -20: self = .warn
        case -25: self = .failed
        case -30: self = .fatal
        default: self = .unknown(code)
        }
    }

    /// A readable account of the value, for messages.
    public var description: String {
        switch self {
        case .ok: "ARCHIVE_OK"
        case .eof: "ARCHIVE_EOF"
        case .retry: "ARCHIVE_RETRY"
        case .warn: "ARCHIVE_WARN"
        case .failed: "ARCHIVE_FAILED"
        case .fatal: "ARCHIVE_FATAL"
        case let .unknown(code): "libarchive status \(code)"
        }
    }
}

/// Why a name cannot be written into a bundle.
public enum EntryNameProblem: Equatable, Sendable, CustomStringConvertible {
    /// The name is empty.
    case empty
    /// The name starts with '/'.
    case absolute
    /// The name holds '//' or ends with '/'.
    case emptySegment
    /// The name holds a '.' segment.
    case dotSegment
    /// The name holds a '..' segment.
    case parentSegment
    /// The name holds a byte outside printable ASCII, or a backslash.
    case unsupportedByte(UInt8)
    /// The name is longer than `EntryName.maximumLength` bytes.
    case tooLong(bytes: Int)

    /// A readable account of the value, for messages.
    public var description: String {
        switch self {
        case .empty: "the name is empty"
        case .absolute: "the name starts with '/'"
        case .emptySegment: "the name has an empty segment ('//' or a trailing '/')"
        case .dotSegment: "the name has a '.' segment"
        case .parentSegment: "the name has a '..' segment"
        case let .unsupportedByte(byte): "the name holds byte 0x\(String(byte, radix: 16)) (printable ASCII only, no '\\')"
        case let .tooLong(bytes): "the name is \(bytes) bytes long (at most \(EntryName.maximumLength))"
        }
    }
}

/// Why the safe reader refuses to extract an entry.
public enum ExtractionRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The entry has no name, or a name meaning the target itself on a non-folder.
    case emptyName
    /// The stored name is not valid UTF-8.
    case unreadableName
    /// The stored name starts with '/'.
    case absolutePath
    /// The stored name holds a '..' segment.
    case parentSegment
    /// The entry is a symbolic link.
    case symbolicLink(target: String)
    /// The entry is a hard link.
    case hardLink(target: String)
    /// The entry is a character device.
    case characterDevice
    /// The entry is a block device.
    case blockDevice
    /// The entry is a FIFO.
    case fifo
    /// The entry is a socket.
    case socket
    /// The entry has a type libarchive does not name.
    case unknownType(mode: UInt32)

    /// A readable account of the value, for messages.
    public var description: String {
        switch self {
        case .emptyName: "the entry has an empty name"
        case .unreadableName: "the entry's name is not valid UTF-8"
        case .absolutePath: "the entry has an absolute path"
        case .parentSegment: "the entry's path has a '..' segment"
        case let .symbolicLink(target): "the entry is a symbolic link (to \(target))"
        case let .hardLink(target): "the entry is a hard link (to \(target))"
        case .characterDevice: "the entry is a character device"
        case .blockDevice: "the entry is a block device"
        case .fifo: "the entry is a FIFO"
        case .socket: "the entry is a socket"
        case let .unknownType(mode): "the entry has an unknown type (mode 0o\(String(mode, radix: 8)))"
        }
    }
}

/// Failures of the bundle writer and the safe reader. Every case names what failed.
public enum ArchiveError: Error, CustomStringConvertible {
    /// libarchive returned `status` from `operation`, with its message and errno.
    case library(operation: String, status: ArchiveStatus, errno: Int32, message: String)
    /// The byte source or sink behind the archive failed during `operation`.
    case stream(operation: String, underlying: any Error)
    /// The writer was asked for a name that a bundle may not hold.
    case invalidEntryName(name: String, problem: EntryNameProblem)
    /// The writer was given `name` after `previous`; bundles hold entries in strictly ascending byte order.
    case entryOutOfOrder(previous: String, name: String)
    /// The contents streamed for `name` did not have the declared size.
    case sizeMismatch(name: String, declared: Int64, streamed: Int64)
    /// The writer or reader was used after it finished or failed.
    case closed(operation: String)
    /// The reader refused to extract `name`.
    case refusedEntry(name: String, reason: ExtractionRefusal)
    /// The archive exceeds one of the reader's limits at entry `name`.
    case limitExceeded(name: String, limit: String)
    /// Creating `name` under the target folder failed in `operation` with `errno`.
    case extraction(name: String, operation: String, errno: Int32)

    /// A readable account of the value, for messages.
    public var description: String {
        switch self {
        case let .library(operation, status, code, message):
            "\(operation) failed with \(status) (errno \(code)): \(message)"
        case let .stream(operation, underlying):
            "\(operation) failed in the underlying stream: \(underlying)"
        case let .invalidEntryName(name, problem):
            "cannot write entry \"\(name)\": \(problem)"
        case let .entryOutOfOrder(previous, name):
            "entry \"\(name)\" comes after \"\(previous)\": entries must be added in ascending byte order"
        case let .sizeMismatch(name, declared, streamed):
            "entry \"\(name)\" was declared as \(declared) bytes but \(streamed) were streamed"
        case let .closed(operation):
            "\(operation): the archive is already finished or failed"
        case let .refusedEntry(name, reason):
            "refused entry \"\(name)\": \(reason)"
        case let .limitExceeded(name, limit):
            "archive exceeds \(limit) at entry \"\(name)\""
        case let .extraction(name, operation, code):
            "cannot extract \"\(name)\": \(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}
