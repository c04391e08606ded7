import CardPrepPKCS11

/// The bureau's secret keys as a pipeline names them: files, or objects in the token of the `pkcs11` block.
public struct BureauKeys: Sendable {
    /// How the token is reached; nil when the pipeline has no `pkcs11` block.
    public var token: TokenSettings?

    /// Creates a loader.
    public init(token: TokenSettings?) { self.token = token }

    /// The signing key `reference` names: an OpenSSH Ed25519 key file, or an Ed25519 key in the token.
    /// - Throws: `KeyFileError`, `SSHKeyError` or `TokenKeyError`.
    public func signingKey(_ reference: KeyReference) throws -> any SSHSigningKey {
        switch reference {
        case let .file(path): return try SSHEd25519SigningKey(openSSHPrivateKey: try PrivateKeyFile.read(path))
        case let .token(uri):
            guard let token else { throw TokenKeyError.notConfigured(uri: uri.text) }
            let key = try TokenSigningKey(uri, settings: token)
            guard case .ed25519 = key.sshPublicKey else {
                throw TokenKeyError.publicKey(
                    uri: uri.text,
                    reason: "is a \(key.sshPublicKey.keyType) key; the pipeline signs with "
                        + "Ed25519 only, since bundles and checkpoints are verified as ssh-ed25519 (make one with --type ed25519)"
                )
            }
            return key
        }
    }

    /// The card fingerprint key `reference` names: a `CARDPREP-FINGERPRINT-KEY-1` file, or a generic secret in the token.
    /// - Throws: `KeyFileError` or `TokenKeyError`.
    public func fingerprintKey(_ reference: KeyReference) throws -> any CardFingerprintKey {
        switch reference {
        case let .file(path): return try FingerprintKey(fileText: try PrivateKeyFile.read(path), path: path)
        case let .token(uri):
            guard let token else { throw TokenKeyError.notConfigured(uri: uri.text) }
            return try TokenFingerprintKey(uri, settings: token)
        }
    }
}
