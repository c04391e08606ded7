import CardPrepIO

/// The bureau's OpenPGP secret key, unlocked in memory, that card data from banks using OpenPGP is encrypted to.
///
/// Decryption streams: ciphertext is pulled from a byte source and plaintext pushed into a byte sink as librnp
/// produces it, a few KiB at a time, so memory does not grow with the file. The plaintext is in the sink before
/// librnp has checked the message's integrity (MDC or AEAD) at its end, so the caller must commit what the sink
/// wrote only when `decrypt(from:into:)` returns.
public final class OpenPGPDecryptionKey {
    private let keyring: RNPKeyring
    private let keyIDs: Set<String>
    /// The fingerprints of the primary keys held, upper-case hex, for the custody record.
    public let fingerprints: [String]

    /// Loads the secret key(s) in `keyMaterial` (a transferable secret key as `gpg --export-secret-keys` or
    /// `sqop generate-key` writes it, binary or ASCII-armored).
    /// - Parameters:
    ///   - keyMaterial: the key file's bytes.
    ///   - passphrase: unlocks protected keys; nil when the key is not protected.
    /// - Throws: `OpenPGPError.noKey` when no secret key is there, `.passphraseNeeded` or `.wrongPassphrase` for a
    ///   protected key, `.library` when the bytes are not OpenPGP keys.
    public init(keyMaterial: [UInt8], passphrase: String?) throws(OpenPGPError) {
        keyring = try RNPKeyring()
        try keyring.importKeys(keyMaterial, secret: true)
        var ids = Set<String>(), primaries: [String] = []
        for key in try keyring.keys() where try key.hasSecret {
            if try key.isProtected {
                guard let passphrase else { throw .passphraseNeeded(fingerprint: try key.fingerprint) }
                try key.unlock(passphrase)
            }
            ids.insert(try key.keyID)
            let primary = try key.primaryFingerprint
            if !primaries.contains(primary) { primaries.append(primary) }
        }
        guard !ids.isEmpty else { throw .noKey(what: "secret key") }
        keyIDs = ids
        fingerprints = primaries
    }

    /// Decrypts the OpenPGP message (binary or ASCII-armored) read from `source` into `sink`, streaming.
    /// - Returns: how the message was protected and which key opened it.
    /// - Throws: `OpenPGPError.notForThisKey` (wrong recipient), `.notEncrypted` (not encrypted to a public key),
    ///   `.integrityUnprotected` (legacy packet without MDC), `.integrityFailed` (truncated, altered or malformed),
    ///   `.stream` when the source or sink failed (then nothing about the message is known), `.library`.
    public func decrypt<Source: ByteSource, Sink: ByteSink>(from source: inout Source, into sink: inout Sink)
        throws(OpenPGPError) -> OpenPGPDecryption
    {
        let ends = StreamEnds(source: source, sink: sink)
        defer { source = ends.source; sink = ends.sink }
        let input = try RNPInput(pulling: { try ends.source.read(upTo: $0) })
        let output = try RNPOutput(pushing: { try ends.sink.write($0) })
        let operation = try RNPVerification(decrypting: input, into: output, with: keyring)
        try operation.ignoreSignaturesOnDecrypt()
        let (status, message) = operation.execute()
        if let failure = input.failure ?? output.failure { throw .stream(operation: "decrypting", underlying: failure) }
        let protection = operation.protection()
        let recipients = operation.recipientKeyIDs()
        guard status == .success else {
            if !recipients.isEmpty, keyIDs.isDisjoint(with: recipients) { throw .notForThisKey(recipients: recipients) }
            if recipients.isEmpty, operation.passphraseRecipientCount() > 0 { throw .notEncrypted(protection: "a passphrase") }
            // A signed message that is not encrypted fails on its signature, whose key the bureau's keyring lacks.
            if recipients.isEmpty, !operation.signatures().isEmpty { throw .notEncrypted(protection: "none, signed only") }
            throw .integrityFailed(status: status, message: message)
        }
        guard let used = operation.usedRecipientKeyID() else {
            throw .notEncrypted(protection: operation.passphraseRecipientCount() > 0 ? "a passphrase" : protection.mode)
        }
        guard Self.integrityModes.contains(protection.mode), protection.valid else {
            throw .integrityUnprotected(protection: protection.mode)
        }
        return OpenPGPDecryption(recipientKeyID: used, protection: protection.mode, cipher: protection.cipher)
    }

    /// librnp's names of the protection modes that carry integrity protection.
    static let integrityModes: Set<String> = ["cfb-mdc", "aead-ocb", "aead-eax"]
}

/// How a decrypted OpenPGP message was protected.
public struct OpenPGPDecryption: Sendable, Equatable {
    /// The key id of the bureau's (sub)key that opened it.
    public var recipientKeyID: String
    /// The protection mode: "cfb-mdc", "aead-ocb" or "aead-eax".
    public var protection: String
    /// The symmetric cipher, such as "AES256".
    public var cipher: String
}

/// The two ends of a streaming operation, reachable from librnp's callbacks for its duration.
private final class StreamEnds<Source: ByteSource, Sink: ByteSink> {
    var source: Source
    var sink: Sink

    init(source: Source, sink: Sink) { self.source = source; self.sink = sink }
}
