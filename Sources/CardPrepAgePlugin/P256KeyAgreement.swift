import Crypto

/// A P-256 key that can agree on a secret without showing its private half: the bureau's intake key, kept in a
/// PKCS#11 token (`TokenP256KeyAgreement`), or an in-memory key in tests.
public protocol P256KeyAgreement: Sendable {
    /// The public key.
    var publicKey: P256.KeyAgreement.PublicKey { get }
    /// ECDH with `peer`: the x-coordinate of the shared point, 32 bytes.
    /// - Throws: when the key's holder (the token) refuses or fails.
    func sharedSecret(with peer: P256.KeyAgreement.PublicKey) throws -> [UInt8]
}
