import CardPrepCore
import CardPrepIO
import Crypto

/// OpenSSH SSHSIG signatures over Ed25519, as `ssh-keygen -Y sign` makes and `ssh-keygen -Y verify` checks them.
///
/// The message is streamed through SHA-512, so signing a large bundle needs little memory. The namespace
/// names the signature's purpose (for example `cardprep-manifest@example.com`), so a signature made for
/// one purpose cannot be replayed for another.
public enum SSHSignature {
    /// The hash algorithm used for new signatures, as ssh-keygen uses by default.
    static let signingHashAlgorithm = SSHSignatureHashAlgorithm.sha512

    /// Signs the message read from `message` and returns the armored `-----BEGIN SSH SIGNATURE-----` text.
    /// - Parameters:
    ///   - message: the message, read to its end.
    ///   - namespace: the signature's purpose; must not be empty.
    ///   - key: the signing key.
    /// - Returns: the armored signature, byte for byte what `ssh-keygen -Y sign` writes, ending with a newline.
    /// - Throws: `SSHSignatureError.emptyNamespace`, or the message source's read error.
    public static func sign(
        _ message: inout some ByteSource, namespace: String, with key: SSHEd25519SigningKey
    ) throws -> String {
        guard !namespace.isEmpty else { throw SSHSignatureError.emptyNamespace }
        let algorithm = signingHashAlgorithm
        let digest = try algorithm.digest(of: &message)
        let signed = SSHSignatureBlob.signedData(namespace: namespace, hashAlgorithm: algorithm.rawValue, digest: digest)
        let blob = SSHSignatureBlob(
            publicKey: key.publicKey, namespace: namespace, hashAlgorithm: algorithm.rawValue,
            signature: try key.signature(for: signed))
        return SSHSignatureBlob.armor.armor(blob.bytes)
    }

    /// Signs an in-memory message; see `sign(_:namespace:with:)` for a streamed one.
    public static func sign(_ message: [UInt8], namespace: String, with key: SSHEd25519SigningKey) throws -> String {
        var source = MemoryByteSource(message)
        return try sign(&source, namespace: namespace, with: key)
    }

    /// Verifies an armored signature of the message read from `message`.
    ///
    /// The armor, version, namespace, hash algorithm and key are checked before the message is read.
    /// - Parameters:
    ///   - armored: the `-----BEGIN SSH SIGNATURE-----` text.
    ///   - message: the message, read to its end.
    ///   - namespace: the purpose the signature must have been made for.
    ///   - trustedKeys: the keys allowed to have signed.
    /// - Returns: the trusted key that made the signature.
    /// - Throws: `SSHSignatureError` when the signature is not accepted (malformed armor or structure,
    ///   unsupported version, hash algorithm or key type, wrong namespace, unknown key, bad signature),
    ///   or the message source's read error.
    public static func verify(
        _ armored: String, message: inout some ByteSource, namespace: String, trustedKeys: [SSHEd25519PublicKey]
    ) throws -> SSHEd25519PublicKey {
        let blob = try parse(armored)
        guard !namespace.isEmpty else { throw SSHSignatureError.emptyNamespace }
        guard blob.namespace == namespace else {
            throw SSHSignatureError.wrongNamespace(expected: namespace, found: blob.namespace)
        }
        guard let algorithm = SSHSignatureHashAlgorithm(rawValue: blob.hashAlgorithm) else {
            throw SSHSignatureError.unsupportedHashAlgorithm(blob.hashAlgorithm)
        }
        guard trustedKeys.contains(blob.publicKey) else {
            throw SSHSignatureError.unknownKey(fingerprint: blob.publicKey.fingerprint)
        }
        let digest = try algorithm.digest(of: &message)
        let signed = SSHSignatureBlob.signedData(namespace: namespace, hashAlgorithm: algorithm.rawValue, digest: digest)
        guard blob.publicKey.isValidSignature(blob.signature, for: signed) else {
            throw SSHSignatureError.badSignature(fingerprint: blob.publicKey.fingerprint)
        }
        return blob.publicKey
    }

    /// Verifies an armored signature of an in-memory message; see `verify(_:message:namespace:trustedKeys:)`.
    public static func verify(
        _ armored: String, message: [UInt8], namespace: String, trustedKeys: [SSHEd25519PublicKey]
    ) throws -> SSHEd25519PublicKey {
        var source = MemoryByteSource(message)
        return try verify(armored, message: &source, namespace: namespace, trustedKeys: trustedKeys)
    }

    /// The key that claims to have made an armored signature, without checking the signature.
    ///
    /// Use it to look up the signer (as `ssh-keygen -Y find-principals` does), never to trust the signature.
    /// - Throws: `SSHSignatureError` when the armor or structure is not well formed.
    public static func claimedSigner(of armored: String) throws(SSHSignatureError) -> SSHEd25519PublicKey {
        try parse(armored).publicKey
    }

    private static func parse(_ armored: String) throws(SSHSignatureError) -> SSHSignatureBlob {
        let bytes: [UInt8]
        do {
            bytes = try SSHSignatureBlob.armor.dearmor(armored)
        } catch {
            throw .malformedArmor(reason: error.description)
        }
        return try SSHSignatureBlob(parsing: bytes)
    }
}

/// The message digests SSHSIG allows, named as they appear in the signature.
enum SSHSignatureHashAlgorithm: String {
    case sha256
    case sha512

    /// Reads `message` to its end in pieces and returns its digest.
    func digest(of message: inout some ByteSource) throws -> [UInt8] {
        switch self {
        case .sha256: try Self.digest(of: &message, into: SHA256())
        case .sha512: try Self.digest(of: &message, into: SHA512())
        }
    }

    private static func digest(of message: inout some ByteSource, into hash: some HashFunction) throws -> [UInt8] {
        var hash = hash
        while true {
            let piece = try message.read(upTo: 64 * 1024)
            if piece.isEmpty { return Array(hash.finalize()) }
            hash.update(data: piece)
        }
    }
}
