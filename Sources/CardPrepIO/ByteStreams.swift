import Foundation

/// A source of bytes read in pieces, so that large files stream through in bounded memory.
public protocol ByteSource {
    /// Reads up to `maxLength` bytes.
    /// - Returns: the bytes read; empty only at the end of the source.
    /// - Throws: `ByteStreamError` when the underlying read fails.
    mutating func read(upTo maxLength: Int) throws -> [UInt8]
}

/// A destination for bytes written in pieces.
public protocol ByteSink {
    /// Appends `bytes` to the sink.
    /// - Throws: `ByteStreamError` when the underlying write fails (for example a full disk).
    mutating func write(_ bytes: [UInt8]) throws
}

/// Failures of file-backed byte streams, with the path and the operating system's reason.
public enum ByteStreamError: Error, Equatable, CustomStringConvertible {
    case open(path: String, errno: Int32)
    case read(path: String, errno: Int32)
    case write(path: String, errno: Int32)
    case sync(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .open(path, code): "cannot open \(path): \(String(cString: strerror(code)))"
        case let .read(path, code): "cannot read \(path): \(String(cString: strerror(code)))"
        case let .write(path, code): "cannot write \(path): \(String(cString: strerror(code)))"
        case let .sync(path, code): "cannot flush \(path) to disk: \(String(cString: strerror(code)))"
        }
    }
}

extension ByteSource {
    /// Reads the whole remaining source; for small inputs such as keys and manifests only.
    public mutating func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let piece = try read(upTo: 64 * 1024)
            if piece.isEmpty { return all }
            all.append(contentsOf: piece)
        }
    }
}

extension ByteSource where Self: AnyObject {
    /// Reads the whole remaining source; for small inputs such as keys and manifests only.
    public func readAll() throws -> [UInt8] {
        var this = self
        var all: [UInt8] = []
        while true {
            let piece = try this.read(upTo: 64 * 1024)
            if piece.isEmpty { return all }
            all.append(contentsOf: piece)
        }
    }
}

/// An in-memory byte source.
public struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// Creates a source over `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(upTo maxLength: Int) throws -> [UInt8] {
        let end = min(bytes.count, offset + maxLength)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// An in-memory byte sink; `bytes` holds everything written.
public struct MemoryByteSink: ByteSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty sink.
    public init() {}

    public mutating func write(_ bytes: [UInt8]) throws { self.bytes.append(contentsOf: bytes) }
}
