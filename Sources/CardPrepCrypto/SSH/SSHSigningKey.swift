/// A key that makes SSHSIG signatures: a key file read into memory, or a key that stays in a PKCS#11 token.
///
/// Every signer (bundles, reports, delivery lists, audit checkpoints, statements) takes `any SSHSigningKey`,
/// so a file key and a token key are used the same way.
public protocol SSHSigningKey: Sendable {
    /// The public key, as it appears in the signature and in `allowed_signers`.
    var sshPublicKey: SSHPublicKey { get }

    /// Signs the bytes SSHSIG signs (magic, namespace, hash algorithm and message digest).
    /// - Returns: the signature in the key type's own encoding: 64 bytes for `ssh-ed25519`,
    ///   `mpint r ‖ mpint s` for `ecdsa-sha2-nistp256`.
    /// - Throws: the key's own error when signing fails (a token that refuses, for example).
    func sshSignature(for signedData: [UInt8]) throws -> [UInt8]
}

extension SSHEd25519SigningKey: SSHSigningKey {
    public var sshPublicKey: SSHPublicKey { .ed25519(publicKey) }

    public func sshSignature(for signedData: [UInt8]) throws -> [UInt8] { try signature(for: signedData) }
}

extension SSHECDSAP256PublicKey {
    /// The SSH encoding of an ECDSA signature (RFC 5656 §3.1.2): `mpint r`, `mpint s`, from r ‖ s as PKCS#11 and
    /// raw ECDSA give it (32 big-endian bytes each).
    /// - Throws: `SSHSignatureError.malformedSignature` when `raw` is not 64 bytes.
    public static func signatureBlob(fromRaw raw: [UInt8]) throws(SSHSignatureError) -> [UInt8] {
        guard raw.count == 64 else {
            throw .malformedSignature(reason: "an ECDSA P-256 signature has 64 bytes, not \(raw.count)")
        }
        var writer = SSHWireWriter()
        writer.writeString(mpint(Array(raw.prefix(32))))
        writer.writeString(mpint(Array(raw.suffix(32))))
        return writer.bytes
    }

    /// A non-negative big-endian number as an SSH `mpint` body: no leading zeros, and a zero byte before a high bit.
    private static func mpint(_ magnitude: [UInt8]) -> [UInt8] {
        let trimmed = Array(magnitude.drop(while: { $0 == 0 }))
        guard let first = trimmed.first else { return [] }
        return first & 0x80 != 0 ? [0] + trimmed : trimmed
    }
}
