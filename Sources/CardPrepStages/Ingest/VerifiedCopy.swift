import CardPrepCore
import CardPrepIO
import CardPrepCrypto
import Foundation

/// Copies files out of the inbox so that what CardPrep keeps and uses is exactly what the signed manifest lists.
///
/// The inbox belongs to the sender: a file there can be replaced at any moment, also after the inbox scan has
/// hashed it. So every file is hashed again *while it is copied*, from the same bytes that are written, and the
/// copies are committed under their final names only when the digest matches the manifest. Nothing read from the
/// inbox is used except through such a copy.
enum VerifiedCopy {
    /// The size of the pieces files are read in.
    static let pieceSize = 64 * 1024

    /// Copies `source` to every path of `destinations` (new files, owner-only) and checks the bytes copied against
    /// `expectedSHA256`.
    /// - Returns: the number of bytes copied.
    /// - Throws: `DropRejection` (`digest-mismatch`) when the bytes copied are not the ones the manifest lists;
    ///   `ByteStreamError` for I/O failures. No destination exists after a failure.
    @discardableResult
    static func copy(_ source: String, expectedSHA256: String, to destinations: [String]) throws -> Int64 {
        let input = try HashingCopySource(FileByteSource(path: source), keepingCopyAt: destinations)
        while try !input.read(upTo: pieceSize).isEmpty {}
        try input.commit(expectedSHA256: expectedSHA256, name: URL(fileURLWithPath: source).lastPathComponent)
        return input.byteCount
    }

    /// Writes bytes already held in memory (and already checked: the manifest text, its verified signature) to `path`.
    /// - Throws: `ByteStreamError` when the file cannot be written.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try AtomicFileWriter.write(bytes, to: path, mode: 0o600, overwrite: false)
    }

    /// The rejection for a file whose copied bytes differ from the manifest.
    static func mismatch(_ name: String, actual: String, expected: String) -> DropRejection {
        DropRejection(
            .digestMismatch,
            "\(name): the bytes copied from the inbox have SHA-256 \(actual), the signed manifest says \(expected) "
                + "(the file changed after the inbox check)")
    }
}

/// A byte source over an inbox file that hashes every piece it passes on and writes it to copies kept beside the
/// consumer (the kept originals), so that one read of the file feeds the consumer, the digest and the copies.
/// The copies are temporary files until `commit(expectedSHA256:name:)` finds the digest right.
final class HashingCopySource<Source: ByteSource>: ByteSource {
    private var source: Source
    private var digest = StreamingSHA256()
    private let copies: [AtomicFileWriter]
    /// The bytes read so far.
    private(set) var byteCount: Int64 = 0

    /// Wraps `source`; every piece read is also written to a new file at each path of `paths`.
    /// - Throws: `ByteStreamError` when a copy cannot be created.
    init(_ source: Source, keepingCopyAt paths: [String]) throws {
        self.source = source
        self.copies = try paths.map { try AtomicFileWriter(path: $0, mode: 0o600, overwrite: false) }
    }

    func read(upTo maxLength: Int) throws -> [UInt8] {
        let piece = try source.read(upTo: maxLength)
        digest.update(piece)
        byteCount += Int64(piece.count)
        for copy in copies { try copy.write(piece) }
        return piece
    }

    /// Reads what the consumer left unread, so that the digest covers the whole file.
    /// - Throws: `ByteStreamError` when reading or copying fails.
    func drain() throws {
        while try !read(upTo: VerifiedCopy.pieceSize).isEmpty {}
    }

    /// The hex SHA-256 of everything read so far.
    var sha256: String { digest.hex() }

    /// Checks the digest of the whole file and, when it matches, commits the copies under their final names.
    /// - Throws: `DropRejection` (`digest-mismatch`) when it does not match (the copies are then discarded);
    ///   `ByteStreamError` when a copy cannot be committed.
    func commit(expectedSHA256: String, name: String) throws {
        try drain()
        let actual = sha256
        guard actual == expectedSHA256 else { throw VerifiedCopy.mismatch(name, actual: actual, expected: expectedSHA256) }
        for copy in copies { try copy.commit() }
    }
}
