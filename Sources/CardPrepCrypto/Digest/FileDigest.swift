import CardPrepCore
import CardPrepIO
import Crypto
import Foundation

/// SHA-256 computed piece by piece, for files that stream through in bounded memory.
public struct StreamingSHA256: Sendable {
    private var hasher = SHA256()

    /// Starts an empty digest.
    public init() {}

    /// Adds `bytes` to the digest.
    public mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    /// The digest of everything added, as lowercase hex.
    public func hex() -> String { Hex.encode(Array(hasher.finalize())) }
}

/// Digests of whole files, read in 64 KiB pieces.
public enum FileDigest {
    /// The lowercase hex SHA-256 of the file at `path`.
    /// - Throws: `ByteStreamError` when the file cannot be read.
    public static func sha256(path: String) throws -> String {
        let source = try FileByteSource(path: path)
        var digest = StreamingSHA256()
        while true {
            let piece = try source.read(upTo: 64 * 1024)
            if piece.isEmpty { return digest.hex() }
            digest.update(piece)
        }
    }

    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String { Hex.encode(Array(SHA256.hash(data: bytes))) }
}
