internal import CLibArchive

/// An owner of one `struct archive *`; the writer and the reader are the only two.
///
/// The extension's `check(_:operation:accepting:)` is the one place a libarchive status becomes an `ArchiveError`.
protocol LibArchiveHandleOwner: AnyObject {
    /// The handle, created in the owner's `init` and freed in its `deinit`.
    var handle: OpaquePointer { get }
    /// The error a stream callback caught, if any; it explains a failure better than libarchive's message.
    var pendingStreamFailure: (any Error)? { get }
}

extension LibArchiveHandleOwner {
    /// Turns a libarchive status into success or a typed error.
    /// - Parameters:
    ///   - status: the raw return code (a status, or a negative byte count from a data call).
    ///   - operation: the libarchive function called, for messages.
    ///   - accepted: the statuses that count as success; `ARCHIVE_OK` only unless stated.
    /// - Returns: the accepted status, so a caller can tell `ARCHIVE_EOF` from `ARCHIVE_OK`.
    /// - Throws: `ArchiveError.stream` when a callback failed, otherwise `ArchiveError.library`.
    @discardableResult
    func check(_ status: Int32, operation: String, accepting accepted: Set<ArchiveStatus> = [.ok]) throws -> ArchiveStatus {
        let named = ArchiveStatus(code: status)
        if accepted.contains(named) { return named }
        if let failure = pendingStreamFailure {
            throw ArchiveError.stream(operation: operation, underlying: failure)
        }
        let message = archive_error_string(handle).map { String(cString: $0) } ?? "no message"
        throw ArchiveError.library(operation: operation, status: named, errno: archive_errno(handle), message: message)
    }

    /// Checks a byte-count result (`archive_read_data`, `archive_write_data`): non-negative is a count.
    /// - Returns: the byte count.
    /// - Throws: as `check(_:operation:accepting:)` for a negative result.
    func checkCount(_ result: Int, operation: String) throws -> Int {
        if result >= 0 { return result }
        try check(Int32(clamping: result), operation: operation, accepting: [])
        return 0
    }
}

/// The state the write callback reaches through libarchive's client-data pointer.
final class WriteCallbackContext {
    /// Hands one piece of compressed output to the sink.
    let push: ([UInt8]) throws -> Void
    /// The first error the sink threw.
    var failure: (any Error)?
    /// Set when the writer is released unfinished, so no truncated bundle reaches the sink.
    var discarding = false

    init(push: @escaping ([UInt8]) throws -> Void) { self.push = push }

    /// Copies libarchive's buffer into the sink; -1 after a sink error.
    func accept(_ buffer: UnsafeRawPointer?, _ length: Int) -> Int {
        if discarding { return length }
        guard failure == nil else { return -1 }
        guard length > 0, let buffer else { return 0 }
        do {
            try push(Array(UnsafeRawBufferPointer(start: buffer, count: length)))
            return length
        } catch {
            failure = error
            return -1
        }
    }
}

/// The C write callback: forwards to the `WriteCallbackContext` behind the client-data pointer.
func writeCallback(_: OpaquePointer?, _ client: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int) -> Int {
    guard let client else { return -1 }
    return Unmanaged<WriteCallbackContext>.fromOpaque(client).takeUnretainedValue().accept(buffer, length)
}

/// The state the read callback reaches through libarchive's client-data pointer.
///
/// The buffer handed to libarchive is owned here and stays valid until the next callback,
/// as libarchive requires; it is freed when the context is released, after the handle.
final class ReadCallbackContext {
    /// Size of each piece pulled from the source.
    static let pieceSize = 64 * 1024
    /// Pulls up to the given number of bytes from the source; empty at its end.
    let pull: (Int) throws -> [UInt8]
    /// The first error the source threw.
    var failure: (any Error)?
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceSize, alignment: 16)

    init(pull: @escaping (Int) throws -> [UInt8]) { self.pull = pull }

    deinit { buffer.deallocate() }

    /// Fills the owned buffer from the source and returns the byte count, or -1 after a source error.
    func fill(_ start: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        guard failure == nil else { return -1 }
        do {
            let piece = try pull(Self.pieceSize)
            guard piece.count <= Self.pieceSize else {
                failure = ArchiveError.closed(operation: "reading the source (it returned more bytes than asked)")
                return -1
            }
            piece.withUnsafeBytes { buffer.copyMemory(from: $0) }
            start?.pointee = UnsafeRawPointer(buffer.baseAddress)
            return piece.count
        } catch {
            failure = error
            return -1
        }
    }
}

/// The C read callback: forwards to the `ReadCallbackContext` behind the client-data pointer.
func readCallback(
    _: OpaquePointer?, _ client: UnsafeMutableRawPointer?, _ start: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> Int {
    guard let client else { return -1 }
    return Unmanaged<ReadCallbackContext>.fromOpaque(client).takeUnretainedValue().fill(start)
}
