import CardPrepPKCS11
import Crypto

/// An SSHSIG signing key that stays in a PKCS#11 token: Ed25519 (`CKM_EDDSA`) or ECDSA P-256 (`CKM_ECDSA` over
/// the SHA-256 digest that `ecdsa-sha2-nistp256` signs).
public struct TokenSigningKey: SSHSigningKey {
    /// The key in the token.
    public let key: PKCS11PrivateKey
    public let sshPublicKey: SSHPublicKey

    /// Wraps a token key, reading its public key as SSH writes it.
    /// - Throws: `TokenKeyError.publicKey` when the token's public key is not a valid key of its kind.
    public init(_ key: PKCS11PrivateKey) throws(TokenKeyError) {
        self.key = key
        do {
            switch key.kind {
            case .ed25519: sshPublicKey = .ed25519(try SSHEd25519PublicKey(rawRepresentation: key.publicKey))
            case .ecdsaP256: sshPublicKey = .ecdsaP256(try SSHECDSAP256PublicKey(x963Representation: key.publicKey))
            }
        } catch {
            throw .publicKey(uri: key.uri.text, reason: error.description)
        }
    }

    /// Finds the private key `uri` names in the token `settings` reach.
    /// - Throws: `TokenKeyError` when the token or key cannot be used.
    public init(_ uri: PKCS11URI, settings: TokenSettings) throws(TokenKeyError) {
        let token = try settings.token(for: uri)
        let key: PKCS11PrivateKey
        do { key = try PKCS11PrivateKey(uri, in: token) } catch { throw .token(error) }
        try self.init(key)
    }

    /// Generates a key pair in the token under `uri`'s label (and id).
    /// - Throws: `TokenKeyError` when the token refuses or the label is taken.
    public static func generating(_ uri: PKCS11URI, kind: PKCS11KeyKind, settings: TokenSettings) throws(TokenKeyError)
        -> TokenSigningKey
    {
        let token = try settings.token(for: uri)
        let key: PKCS11PrivateKey
        do { key = try token.generateKeyPair(uri, kind: kind) } catch { throw .token(error) }
        return try TokenSigningKey(key)
    }

    public func sshSignature(for signedData: [UInt8]) throws -> [UInt8] {
        switch key.kind {
        case .ed25519: return try key.ed25519Signature(for: signedData)
        case .ecdsaP256:
            let raw = try key.ecdsaSignature(forDigest: Array(SHA256.hash(data: signedData)))
            return try SSHECDSAP256PublicKey.signatureBlob(fromRaw: raw)
        }
    }
}
