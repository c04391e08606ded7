import CardPrepCore
import CardPrepIO
import Crypto

/// OpenSSH SSHSIG signatures, as `ssh-keygen -Y sign` makes and `ssh-keygen -Y verify` checks them.
///
/// CardPrep signs with any `SSHSigningKey`: an Ed25519 key file, or an Ed25519 or ECDSA P-256 key in a PKCS#11 token. It verifies Ed25519 signatures everywhere, and for people's signed statements also
/// `ecdsa-sha2-nistp256` and `sk-ssh-ed25519@openssh.com` (FIDO security keys) through the `SSHPublicKey` overloads.
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
    ///   - key: the signing key: a key file in memory or a key in a token.
    /// - Returns: the armored signature, byte for byte what `ssh-keygen -Y sign` writes, ending with a newline.
    /// - Throws: `SSHSignatureError.emptyNamespace`, or the message source's read error.
    public static func sign(
        _ message: inout some ByteSource, namespace: String, with key: some SSHSigningKey
    ) throws -> String {
        guard !namespace.isEmpty else { throw SSHSignatureError.emptyNamespace }
        let algorithm = signingHashAlgorithm
        let digest = try algorithm.digest(of: &message)
        let signed = SSHSignatureBlob.signedData(namespace: namespace, hashAlgorithm: algorithm.rawValue, digest: digest)
        let blob = SSHSignatureBlob(
            publicKey: key.sshPublicKey, namespace: namespace, hashAlgorithm: algorithm.rawValue,
            signature: try key.sshSignature(for: signed))
        return SSHSignatureBlob.armor.armor(blob.bytes)
    }

    /// Signs an in-memory message; see `sign(_:namespace:with:)` for a streamed one.
    public static func sign(_ message: [UInt8], namespace: String, with key: some SSHSigningKey) throws -> String {
        var source = MemoryByteSource(message)
        return try sign(&source, namespace: namespace, with: key)
    }

    /// Verifies an armored Ed25519 signature of the message read from `message`.
    ///
    /// The armor, version, namespace, hash algorithm and key are checked before the message is read.
    /// - Parameters:
    ///   - armored: the `-----BEGIN SSH SIGNATURE-----` text.
    ///   - message: the message, read to its end.
    ///   - namespace: the purpose the signature must have been made for.
    ///   - trustedKeys: the keys allowed to have signed.
    /// - Returns: the trusted key that made the signature.
    /// - Throws: `SSHSignatureError` when the signature is not accepted (malformed armor or structure,
    ///   unsupported version, hash algorithm or key type, a key other than Ed25519, wrong namespace, unknown key,
    ///   bad signature), or the message source's read error.
    public static func verify(
        _ armored: String, message: inout some ByteSource, namespace: String, trustedKeys: [SSHEd25519PublicKey]
    ) throws -> SSHEd25519PublicKey {
        let blob = try parse(armored)
        guard case let .ed25519(key) = blob.publicKey else {
            throw SSHSignatureError.keyTypeNotAccepted(blob.publicKey.keyType, accepted: [SSHEd25519PublicKey.keyType])
        }
        try check(blob, message: &message, namespace: namespace, trustedKeys: trustedKeys.map(SSHPublicKey.ed25519))
        return key
    }

    /// Verifies an armored Ed25519 signature of an in-memory message; see `verify(_:message:namespace:trustedKeys:)`.
    public static func verify(
        _ armored: String, message: [UInt8], namespace: String, trustedKeys: [SSHEd25519PublicKey]
    ) throws -> SSHEd25519PublicKey {
        var source = MemoryByteSource(message)
        return try verify(armored, message: &source, namespace: namespace, trustedKeys: trustedKeys)
    }

    /// Verifies an armored signature by an Ed25519, ECDSA P-256 or security-key Ed25519 key.
    ///
    /// A security key's signature must carry the user-presence flag (someone touched the token).
    /// - Parameters:
    ///   - armored: the `-----BEGIN SSH SIGNATURE-----` text.
    ///   - message: the message, read to its end.
    ///   - namespace: the purpose the signature must have been made for.
    ///   - signers: the keys allowed to have signed.
    /// - Returns: the key that made the signature.
    /// - Throws: `SSHSignatureError` when the signature is not accepted, or the message source's read error.
    public static func verify(
        _ armored: String, message: inout some ByteSource, namespace: String, signers: [SSHPublicKey]
    ) throws -> SSHPublicKey {
        let blob = try parse(armored)
        try check(blob, message: &message, namespace: namespace, trustedKeys: signers)
        return blob.publicKey
    }

    /// Verifies an armored signature of an in-memory message by any supported key kind.
    public static func verify(
        _ armored: String, message: [UInt8], namespace: String, signers: [SSHPublicKey]
    ) throws -> SSHPublicKey {
        var source = MemoryByteSource(message)
        return try verify(armored, message: &source, namespace: namespace, signers: signers)
    }

    /// Checks namespace, hash algorithm and key before reading the message, then the signature.
    private static func check(
        _ blob: SSHSignatureBlob, message: inout some ByteSource, namespace: String, trustedKeys: [SSHPublicKey]
    ) throws {
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
        try blob.check(signedData: SSHSignatureBlob.signedData(namespace: namespace, hashAlgorithm: algorithm.rawValue, digest: digest))
    }

    /// The key that claims to have made an armored signature, without checking the signature.
    ///
    /// Use it to look up the signer (as `ssh-keygen -Y find-principals` does), never to trust the signature.
    /// - Throws: `SSHSignatureError` when the armor or structure is not well formed.
    public static func claimedSigner(of armored: String) throws(SSHSignatureError) -> SSHEd25519PublicKey {
        let key = try parse(armored).publicKey
        guard case let .ed25519(ed25519) = key else {
            throw .keyTypeNotAccepted(key.keyType, accepted: [SSHEd25519PublicKey.keyType])
        }
        return ed25519
    }

    /// The key of any supported kind that claims to have made an armored signature, without checking it.
    ///
    /// Use it to find the signer in a register of people, then verify against that key.
    /// - Throws: `SSHSignatureError` when the armor or structure is not well formed or the key type unsupported.
    public static func claimedSignerKey(of armored: String) throws(SSHSignatureError) -> SSHPublicKey {
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
