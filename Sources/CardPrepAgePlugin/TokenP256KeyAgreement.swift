import CardPrepCrypto
import CardPrepPKCS11
import Crypto

/// The intake key in a PKCS#11 token, through CardPrepPKCS11: the ECDH is done in the token (`CKM_ECDH1_DERIVE`);
/// only the shared x-coordinate comes out, as with a PIV card.
///
/// The module is loaded and the token logged in once per process (CardPrepPKCS11 keeps one login per token), with
/// the PIN read from the owner-only file the identity's `pin-source` names.
public struct TokenP256KeyAgreement: P256KeyAgreement {
    public let publicKey: P256.KeyAgreement.PublicKey
    private let key: PKCS11PrivateKey

    /// Opens the P-256 private key at `location`: loads the module, logs in with the PIN file, finds the key and
    /// its public key.
    /// - Throws: `CardPrepPluginError.token` naming the URI and the module's or token's reason (a wrong PIN is
    ///   `CKR_PIN_INCORRECT`), `.badKeyURI` for a URI CardPrepPKCS11 refuses.
    public static func open(_ location: TokenKeyLocation) throws -> TokenP256KeyAgreement {
        let uri: PKCS11URI
        do { uri = try PKCS11URI(location.keyURI) } catch { throw CardPrepPluginError.badKeyURI("\(error)") }
        let settings = TokenSettings(module: location.modulePath, pin: .file(location.pinFile))
        do {
            let token = try settings.token(for: uri)
            let key = try PKCS11PrivateKey(uri, in: token)
            guard key.kind == .ecdsaP256 else {
                throw CardPrepPluginError.token(
                    uri: location.keyURI, reason: "it is a \(key.kind) key; the plugin needs a P-256 key")
            }
            return TokenP256KeyAgreement(publicKey: try P256.KeyAgreement.PublicKey(x963Representation: key.publicKey), key: key)
        } catch let error as CardPrepPluginError {
            throw error
        } catch {
            throw CardPrepPluginError.token(uri: location.keyURI, reason: "\(error)")
        }
    }

    /// ECDH in the token with `peer`.
    /// - Throws: `CardPrepPluginError.token` when the token refuses (a token may refuse a key made without `--usage-derive`).
    public func sharedSecret(with peer: P256.KeyAgreement.PublicKey) throws -> [UInt8] {
        do { return try key.p256SharedSecret(withPeer: Array(peer.x963Representation)) } catch {
            throw CardPrepPluginError.token(uri: key.uri.text, reason: "\(error)")
        }
    }
}
