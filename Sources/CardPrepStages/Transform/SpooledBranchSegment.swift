import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation
import Glibc

/// The lines of one branch of a job that arrive before the job file has reached that branch. They wait in a
/// temporary file in the drop's work folder, encrypted to the drop's data key (card data is never on disk in
/// clear), until the job file takes them in route order.
///
/// The file is named like an atomic write's temporary (`.<name>.<pid>.<n>.tmp`), so `OutputRecovery` removes
/// it after a killed run; a segment that is drained, fails or is released removes its file itself.
final class SpooledBranchSegment {
    /// The temporary file.
    let path: String
    private let identities: [any AgeIdentity]
    private var sink: AgeEncryptingSink<FileByteSink>?
    private var pending: [UInt8] = []

    /// Creates the temporary file in `folder`.
    /// - Parameters:
    ///   - name: what the segment is, for the file name (job and branch; never card data).
    ///   - dataKey: the drop's data key, as recipients to encrypt to and identities to read back with.
    /// - Throws: `ByteStreamError` when the file cannot be created; `AgeError` for unusable recipients.
    init(folder: String, name: String, recipients: [any AgeRecipient], identities: [any AgeIdentity]) throws {
        path = folder + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        self.identities = identities
        let file = try FileByteSink(creating: path, mode: 0o600)
        do {
            sink = try AgeEncryptingSink(wrapping: file, recipients: recipients, armored: false)
        } catch {
            unlink(path)
            throw error
        }
    }

    deinit { unlink(path) }

    private static let chunk = 64 * 1024

    /// Appends the bytes of finished lines.
    /// - Throws: errors of the file or the encryptor.
    func write(_ bytes: [UInt8]) throws {
        pending += bytes
        if pending.count >= Self.chunk { try flush() }
    }

    /// Calls `body` with the segment's lines, in the order written, a chunk at a time, then removes the
    /// temporary file. A segment is drained once; it takes no writes afterwards.
    /// - Throws: errors of the file, the decryptor or `body`.
    func drain(into body: ([UInt8]) throws -> Void) throws {
        try flush()
        guard let sink else { throw AgeError.sinkFinished }
        self.sink = nil
        _ = try sink.finish()  // the file is closed (unsynced: it is temporary) when its sink is released here
        let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: path), identities: identities)
        while true {
            let bytes = try source.read(upTo: Self.chunk)
            if bytes.isEmpty { break }
            try body(bytes)
        }
        unlink(path)
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        guard let sink else { throw AgeError.sinkFinished }
        try sink.write(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
