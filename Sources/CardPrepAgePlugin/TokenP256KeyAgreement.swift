import Crypto

/// The intake key in a PKCS#11 token: ECDH with `CKM_ECDH1_DERIVE` in the token.
public struct TokenP256KeyAgreement: P256KeyAgreement {
    public let publicKey: P256.KeyAgreement.PublicKey

    /// Opens the key at `location`.
    public static func open(_ location: TokenKeyLocation) throws -> TokenP256KeyAgreement {
        throw CardPrepPluginError.token(uri: location.keyURI, reason: "token support is not built yet")
    }

    public func sharedSecret(with peer: P256.KeyAgreement.PublicKey) throws -> [UInt8] {
        throw CardPrepPluginError.token(uri: "", reason: "token support is not built yet")
    }
}
