import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepOpenPGP
import Foundation

/// Moves one card data file from the bureau's key to the drop's data key in a single streaming pass:
/// ciphertext in, ciphertext out, plaintext only in memory, one 64 KiB piece at a time. The same pass hashes the
/// input and writes the copy of it kept as received, so the bytes decrypted, the bytes kept and the bytes the
/// manifest lists are one and the same; nothing is committed unless the digest matches.
///
/// Card data comes encrypted with age to the bureau's age identities, or with OpenPGP to the bureau's OpenPGP key
/// (`*.gpg`, `*.pgp`, `*.asc`); either way it leaves as age to the drop's data key.
struct CardDataReencryption {
    let bureauIdentities: [any AgeIdentity]
    /// The bureau's OpenPGP key; nil when the pipeline names none.
    let openPGPKey: OpenPGPDecryptionKey?
    let dataKeyRecipient: AgeX25519Recipient

    init(bureauIdentities: [any AgeIdentity], openPGPKey: OpenPGPDecryptionKey? = nil, dataKeyRecipient: AgeX25519Recipient) {
        self.bureauIdentities = bureauIdentities
        self.openPGPKey = openPGPKey
        self.dataKeyRecipient = dataKeyRecipient
    }

    /// What one file's pass produced.
    struct Result: Equatable {
        /// The plaintext size in bytes.
        var plaintextBytes: Int64
        /// The ciphertext size in bytes, as received.
        var receivedBytes: Int64
        /// The bureau key that opened it, as the audit names it (`age1…`, `age-plugin-<name>`, `openpgp:<fingerprint>`).
        var openedWith = ""
    }

    /// Re-encrypts `source` into a new file at `destination` and keeps the bytes read at `originalCopy`.
    /// - Returns: the plaintext and received sizes.
    /// - Throws: `DropRejection` for a wrong recipient, corrupt ciphertext or bytes that are not the ones the
    ///   manifest lists (`digest-mismatch`, which wins over a decryption failure: a file swapped after the inbox
    ///   check is reported as such); `ByteStreamError` for I/O failures; `IngestError.bureauIdentity` for OpenPGP
    ///   card data when the pipeline names no OpenPGP key. Nothing is left at `destination` or `originalCopy` on any
    ///   failure.
    func reencrypt(source path: String, expectedSHA256: String, destination: String, originalCopy: String) throws -> Result {
        let name = URL(fileURLWithPath: path).lastPathComponent
        if DropFileKind(fileName: name) == .openPGPCardData {
            guard let openPGPKey else {
                throw IngestError.bureauIdentity(
                    "\(name) is OpenPGP card data, but the pipeline names no keys.openpgp_identity to decrypt it")
            }
            return try reencryptOpenPGP(source: path, key: openPGPKey, expectedSHA256: expectedSHA256, destination: destination,
                                        originalCopy: originalCopy)
        }
        let input = try HashingCopySource(FileByteSource(path: path), keepingCopyAt: [originalCopy])
        let output = try AtomicFileWriter(path: destination, mode: 0o600, overwrite: false)
        var plaintextBytes: Int64 = 0
        var openedWith = ""
        do {
            let decrypting = try AgeDecryptingSource(wrapping: input, identities: bureauIdentities)
            openedWith = decrypting.unwrappedBy.map(AgeIdentityLabel.of) ?? ""
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
        return Result(plaintextBytes: plaintextBytes, receivedBytes: input.byteCount, openedWith: openedWith)
    }

    /// The OpenPGP pass: librnp pulls the ciphertext through the hashing copy and pushes plaintext straight into the
    /// age encryption to the data key. The plaintext is in the (uncommitted) working copy before librnp checks the
    /// message's integrity at its end, so the copy is committed only once decryption has succeeded.
    private func reencryptOpenPGP(
        source path: String, key: OpenPGPDecryptionKey, expectedSHA256: String, destination: String, originalCopy: String
    ) throws -> Result {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var input = try HashingCopySource(FileByteSource(path: path), keepingCopyAt: [originalCopy])
        let output = try AtomicFileWriter(path: destination, mode: 0o600, overwrite: false)
        let encrypting = try AgeEncryptingSink(wrapping: output, recipients: [dataKeyRecipient], armored: false)
        var plaintext = CountingSink(encrypting)
        do {
            _ = try key.decrypt(from: &input, into: &plaintext)
        } catch {
            if case let .stream(_, underlying) = error { throw underlying }
            try input.drain()
            guard input.sha256 == expectedSHA256 else {
                throw VerifiedCopy.mismatch(name, actual: input.sha256, expected: expectedSHA256)
            }
            throw Self.rejection(for: error, file: name)
        }
        _ = try encrypting.finish()
        try input.commit(expectedSHA256: expectedSHA256, name: name)
        try output.commit()
        return Result(plaintextBytes: plaintext.count, receivedBytes: input.byteCount)
    }

    /// The name of the working copy of the card data file `name`: an OpenPGP file's ending becomes `.age`, since the
    /// working copy is age under the drop's data key (`cards.csv.gpg` → `cards.csv.age`).
    static func workingCopyName(of name: String) -> String {
        guard DropFileKind(fileName: name) == .openPGPCardData else { return name }
        return String(name.dropLast(4)) + ".age"
    }

    static func rejection(for error: AgeError, file: String) -> DropRejection {
        if case .noIdentityMatched = error {
            return DropRejection(.wrongRecipient, "\(file) is not encrypted to the bureau's key: \(error)")
        }
        return DropRejection(.ciphertextCorrupt, "\(file): \(error)")
    }

    static func rejection(for error: OpenPGPError, file: String) -> DropRejection {
        switch error {
        case .notForThisKey: DropRejection(.openPGPWrongRecipient, "\(file) is \(error)")
        case .notEncrypted: DropRejection(.openPGPNotEncrypted, "\(file) is \(error)")
        case .integrityUnprotected: DropRejection(.openPGPUnprotected, "\(file) has \(error)")
        default: DropRejection(.openPGPIntegrity, "\(file): \(error)")
        }
    }
}

/// Passes bytes on to a sink and counts them.
struct CountingSink<Wrapped: ByteSink>: ByteSink {
    private var wrapped: Wrapped
    /// The bytes written so far.
    private(set) var count: Int64 = 0

    init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    mutating func write(_ bytes: [UInt8]) throws {
        try wrapped.write(bytes)
        count += Int64(bytes.count)
    }
}
