import CardPrepCore
import CardPrepPKCS11

/// A key that fingerprints card numbers (HMAC-SHA256 of the number's digits): a key file in memory, or a generic
/// secret key in a PKCS#11 token. The same key bytes give the same fingerprints either way.
public protocol CardFingerprintKey: Sendable {
    /// The fingerprint of a card number: HMAC-SHA256 of its digits (as ASCII) under the key.
    /// - Throws: the key's own error when it cannot be used (a token that stopped answering).
    func fingerprint(of cardNumber: String) throws -> CardFingerprint
}

extension FingerprintKey: CardFingerprintKey {}

/// The card fingerprint key as a generic secret in a token (`CKM_SHA256_HMAC`); its value never leaves the token.
///
/// Each card is one `C_SignInit` and one `C_Sign` on the token's session; see the README's Performance section
/// for what that costs.
public struct TokenFingerprintKey: CardFingerprintKey {
    /// The key in the token.
    public let key: PKCS11SecretKey

    /// Wraps a secret key found in a token.
    public init(_ key: PKCS11SecretKey) { self.key = key }

    /// Finds the secret key `uri` names in the token `settings` reach.
    /// - Throws: `TokenKeyError` when the token or key cannot be used.
    public init(_ uri: PKCS11URI, settings: TokenSettings) throws(TokenKeyError) {
        let token = try settings.token(for: uri)
        do { key = try PKCS11SecretKey(uri, in: token) } catch { throw .token(error) }
    }

    /// Moves a fingerprint key file's key into the token as a sensitive, non-extractable generic secret, so that
    /// fingerprints made in the token equal those of earlier drops. Keep the file offline afterwards, or destroy it.
    /// - Throws: `KeyFileError` for the file, `TokenKeyError` when the token refuses or the label is taken.
    public static func importing(file: String, as uri: PKCS11URI, settings: TokenSettings) throws -> TokenFingerprintKey {
        let fileKey = try FingerprintKey(fileText: try PrivateKeyFile.read(file), path: file)
        let token = try settings.token(for: uri)
        do { return TokenFingerprintKey(try token.importSecretKey(uri, value: fileKey.secretBytes)) } catch {
            throw TokenKeyError.token(error)
        }
    }

    /// Generates a new fingerprint key inside the token; it has no copy outside the token.
    /// - Throws: `TokenKeyError` when the token refuses or the label is taken.
    public static func generating(_ uri: PKCS11URI, settings: TokenSettings) throws(TokenKeyError) -> TokenFingerprintKey {
        let token = try settings.token(for: uri)
        do { return TokenFingerprintKey(try token.generateSecretKey(uri)) } catch { throw .token(error) }
    }

    public func fingerprint(of cardNumber: String) throws -> CardFingerprint {
        let mac = try key.hmacSHA256(Array(cardNumber.utf8))
        return mac.withUnsafeBytes { CardFingerprint(raw: $0) }
    }
}
