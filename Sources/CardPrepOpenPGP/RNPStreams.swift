internal import CLibRNP

/// The owner of one `rnp_input_t`: bytes librnp reads, either a copy of a small buffer (keys, a manifest, a
/// signature) or pulled piece by piece from a byte source through `rnp_input_from_callback`, so that a large file
/// is never held whole in memory.
final class RNPInput {
    let handle: OpaquePointer
    /// What the read callback reaches through librnp's context pointer; kept alive as long as the handle.
    private let bridge: PullBridge?

    /// An input over a copy of `bytes` (librnp copies them).
    /// - Throws: `OpenPGPError.library` when librnp cannot create the input (`RNP_ERROR_SHORT_BUFFER` when `bytes` is
    ///   empty: librnp refuses an empty buffer).
    init(copying bytes: [UInt8]) throws(OpenPGPError) {
        var input: OpaquePointer?
        let code = bytes.withUnsafeBufferPointer { rnp_input_from_memory(&input, $0.baseAddress, $0.count, true) }
        try check(code, "rnp_input_from_memory")
        guard let input else { throw .library(operation: "rnp_input_from_memory", status: .nullPointer, message: "no handle") }
        handle = input
        bridge = nil
    }

    /// An input that pulls its bytes from `pull` (asked for up to the given count; empty at the end).
    /// - Throws: `OpenPGPError.library` when librnp cannot create the input.
    init(pulling pull: @escaping (Int) throws -> [UInt8]) throws(OpenPGPError) {
        let bridge = PullBridge(pull: pull)
        var input: OpaquePointer?
        try check(
            rnp_input_from_callback(&input, rnpRead, rnpCloseInput, Unmanaged.passUnretained(bridge).toOpaque()),
            "rnp_input_from_callback")
        guard let input else { throw .library(operation: "rnp_input_from_callback", status: .nullPointer, message: "no handle") }
        handle = input
        self.bridge = bridge
    }

    deinit { rnp_input_destroy(handle) }

    /// The first error the byte source threw, if any.
    var failure: (any Error)? { bridge?.failure }
}

/// The owner of one `rnp_output_t` whose bytes go to a closure (`rnp_output_to_callback`) as librnp produces them,
/// or nowhere.
final class RNPOutput {
    let handle: OpaquePointer
    private let bridge: PushBridge?

    /// An output that hands every piece librnp writes to `push`.
    /// - Throws: `OpenPGPError.library` when librnp cannot create the output.
    init(pushing push: @escaping ([UInt8]) throws -> Void) throws(OpenPGPError) {
        let bridge = PushBridge(push: push)
        var output: OpaquePointer?
        try check(
            rnp_output_to_callback(&output, rnpWrite, rnpCloseOutput, Unmanaged.passUnretained(bridge).toOpaque()),
            "rnp_output_to_callback")
        guard let output else { throw .library(operation: "rnp_output_to_callback", status: .nullPointer, message: "no handle") }
        handle = output
        self.bridge = bridge
    }

    deinit { rnp_output_destroy(handle) }

    /// The first error the sink threw, if any.
    var failure: (any Error)? { bridge?.failure }
}

/// The state the read callback reaches through librnp's context pointer.
final class PullBridge {
    let pull: (Int) throws -> [UInt8]
    var failure: (any Error)?

    init(pull: @escaping (Int) throws -> [UInt8]) { self.pull = pull }

    /// Copies up to `length` bytes from the source into librnp's buffer; false after a source error.
    func fill(_ buffer: UnsafeMutableRawPointer, _ length: Int, _ count: UnsafeMutablePointer<Int>) -> Bool {
        guard failure == nil else { return false }
        do {
            let piece = try pull(length)
            guard piece.count <= length else {
                failure = OpenPGPError.library(operation: "reading the source", status: .read, message: "more bytes than asked")
                return false
            }
            piece.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            count.pointee = piece.count
            return true
        } catch {
            failure = error
            return false
        }
    }
}

/// The state the write callback reaches through librnp's context pointer.
final class PushBridge {
    let push: ([UInt8]) throws -> Void
    var failure: (any Error)?

    init(push: @escaping ([UInt8]) throws -> Void) { self.push = push }

    /// Hands librnp's bytes to the sink; false after a sink error.
    func accept(_ buffer: UnsafeRawPointer, _ length: Int) -> Bool {
        guard failure == nil else { return false }
        guard length > 0 else { return true }
        do {
            try push(Array(UnsafeRawBufferPointer(start: buffer, count: length)))
            return true
        } catch {
            failure = error
            return false
        }
    }
}

/// The C read callback: forwards to the `PullBridge` behind the context pointer.
private func rnpRead(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutableRawPointer?, _ length: Int,
                     _ count: UnsafeMutablePointer<Int>?) -> Bool {
    guard let context, let buffer, let count else { return false }
    return Unmanaged<PullBridge>.fromOpaque(context).takeUnretainedValue().fill(buffer, length, count)
}

/// The C write callback: forwards to the `PushBridge` behind the context pointer.
private func rnpWrite(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int) -> Bool {
    guard let context, let buffer else { return length == 0 }
    return Unmanaged<PushBridge>.fromOpaque(context).takeUnretainedValue().accept(buffer, length)
}

/// Nothing to close: the byte source belongs to the caller.
private func rnpCloseInput(_: UnsafeMutableRawPointer?) {}

/// Nothing to close or discard: the sink belongs to the caller, which commits it only after a verified decryption.
private func rnpCloseOutput(_: UnsafeMutableRawPointer?, _: Bool) {}
