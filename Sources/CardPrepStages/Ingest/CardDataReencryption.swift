import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Moves one card data file from the bureau's key to the drop's data key in a single streaming pass:
/// ciphertext in, ciphertext out, plaintext only in memory, one 64 KiB piece at a time. The input is
/// hashed in the same pass, so the bytes decrypted are the bytes the manifest lists.
struct CardDataReencryption {
    let bureauIdentities: [any AgeIdentity]
    let dataKeyRecipient: AgeX25519Recipient

    /// Re-encrypts `source` into a new file at `destination`.
    /// - Returns: the plaintext size in bytes.
    /// - Throws: `DropRejection` for a wrong recipient, corrupt ciphertext or a digest that changed; `ByteStreamError`
    ///   for I/O failures. Nothing is left at `destination` on any failure.
    func reencrypt(source path: String, expectedSHA256: String, destination: String) throws -> Int64 {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let digest = DigestBox()
        let input = ObservedByteSource(try FileByteSource(path: path)) { digest.value.update($0) }
        let output = try AtomicFileWriter(path: destination, mode: 0o600, overwrite: false)
        var plaintextBytes: Int64 = 0
        do {
            let decrypting = try AgeDecryptingSource(wrapping: input, identities: bureauIdentities)
            let encrypting = try AgeEncryptingSink(wrapping: output, recipients: [dataKeyRecipient], armored: false)
            while true {
                let piece = try decrypting.read(upTo: 64 * 1024)
                if piece.isEmpty { break }
                plaintextBytes += Int64(piece.count)
                try encrypting.write(piece)
            }
            _ = try encrypting.finish()
        } catch let error as AgeError {
            throw Self.rejection(for: error, file: name)
        }
        guard digest.value.hex() == expectedSHA256 else {
            throw DropRejection(.digestMismatch, "\(name) changed while it was read")
        }
        try output.commit()
        return plaintextBytes
    }

    static func rejection(for error: AgeError, file: String) -> DropRejection {
        if case .noIdentityMatched = error {
            return DropRejection(.wrongRecipient, "\(file) is not encrypted to the bureau's key: \(error)")
        }
        return DropRejection(.ciphertextCorrupt, "\(file): \(error)")
    }
}

/// Holds a running digest that an observing closure updates.
final class DigestBox: @unchecked Sendable {
    var value = StreamingSHA256()
}
