import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Moves one card data file from the bureau's key to the drop's data key in a single streaming pass:
/// ciphertext in, ciphertext out, plaintext only in memory, one 64 KiB piece at a time. The same pass hashes the
/// input and writes the copy of it kept as received, so the bytes decrypted, the bytes kept and the bytes the
/// manifest lists are one and the same; nothing is committed unless the digest matches.
struct CardDataReencryption {
    let bureauIdentities: [any AgeIdentity]
    let dataKeyRecipient: AgeX25519Recipient

    /// What one file's pass produced.
    struct Result: Equatable {
        /// The plaintext size in bytes.
        var plaintextBytes: Int64
        /// The ciphertext size in bytes, as received.
        var receivedBytes: Int64
    }

    /// Re-encrypts `source` into a new file at `destination` and keeps the bytes read at `originalCopy`.
    /// - Returns: the plaintext and received sizes.
    /// - Throws: `DropRejection` for a wrong recipient, corrupt ciphertext or bytes that are not the ones the
    ///   manifest lists (`digest-mismatch`, which wins over a decryption failure: a file swapped after the inbox
    ///   check is reported as such); `ByteStreamError` for I/O failures. Nothing is left at `destination` or
    ///   `originalCopy` on any failure.
    func reencrypt(source path: String, expectedSHA256: String, destination: String, originalCopy: String) throws -> Result {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let input = try HashingCopySource(FileByteSource(path: path), keepingCopyAt: [originalCopy])
        let output = try AtomicFileWriter(path: destination, mode: 0o600, overwrite: false)
        var plaintextBytes: Int64 = 0
        do {
            let decrypting = try AgeDecryptingSource(wrapping: input, identities: bureauIdentities)
            let encrypting = try AgeEncryptingSink(wrapping: output, recipients: [dataKeyRecipient], armored: false)
            while true {
                let piece = try decrypting.read(upTo: VerifiedCopy.pieceSize)
                if piece.isEmpty { break }
                plaintextBytes += Int64(piece.count)
                try encrypting.write(piece)
            }
            _ = try encrypting.finish()
        } catch let error as AgeError {
            try input.drain()
            guard input.sha256 == expectedSHA256 else {
                throw VerifiedCopy.mismatch(name, actual: input.sha256, expected: expectedSHA256)
            }
            throw Self.rejection(for: error, file: name)
        }
        try input.commit(expectedSHA256: expectedSHA256, name: name)
        try output.commit()
        return Result(plaintextBytes: plaintextBytes, receivedBytes: input.byteCount)
    }

    static func rejection(for error: AgeError, file: String) -> DropRejection {
        if case .noIdentityMatched = error {
            return DropRejection(.wrongRecipient, "\(file) is not encrypted to the bureau's key: \(error)")
        }
        return DropRejection(.ciphertextCorrupt, "\(file): \(error)")
    }
}
