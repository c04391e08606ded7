import CardPrepCrypto
import Crypto

/// The `cardprep-p256` recipient stanza, modelled on the `piv-p256` stanza of age-plugin-yubikey:
///
///     -> cardprep-p256 TAG SHARE
///     BODY
///
/// - `SHARE` is the ephemeral P-256 public key, compressed (33 bytes), in unpadded base64;
/// - `TAG` is the first 4 bytes of SHA-256 of the recipient's compressed public key, so an identity finds its
///   stanzas without the token;
/// - `BODY` is the 16-byte file key sealed with ChaCha20-Poly1305 (zero nonce, ciphertext‖tag) under
///   HKDF-SHA-256(ikm: ECDH x-coordinate, salt: SHARE ‖ recipient, info: `age-plugin-cardprep/v1/p256`), 32 bytes.
public enum CardPrepP256Stanza {
    /// The stanza type.
    public static let type = "cardprep-p256"
    /// HKDF's info.
    static let label = "age-plugin-cardprep/v1/p256"

    /// The 4-byte tag of a recipient.
    public static func tag(of publicKey: P256.KeyAgreement.PublicKey) -> [UInt8] {
        Array(SHA256.hash(data: publicKey.compressedRepresentation).prefix(4))
    }

    /// Wraps `fileKey` to `recipient` under a fresh ephemeral key.
    static func wrap(fileKey: [UInt8], to recipient: P256.KeyAgreement.PublicKey) throws -> AgeStanza {
        let ephemeral = P256.KeyAgreement.PrivateKey()
        let share = [UInt8](ephemeral.publicKey.compressedRepresentation)
        let secret = try ephemeral.sharedSecretFromKeyAgreement(with: recipient).withUnsafeBytes { [UInt8]($0) }
        let body = seal(fileKey, key: wrapKey(secret: secret, share: share, recipient: recipient))
        return AgeStanza(
            type: type, arguments: [AgePluginBase64.encode(tag(of: recipient)), AgePluginBase64.encode(share)], body: body)
    }

    /// A stanza's parts once checked.
    struct Parsed {
        let tag: [UInt8]
        let share: P256.KeyAgreement.PublicKey
        let shareBytes: [UInt8]
        let body: [UInt8]
    }

    /// Checks a `cardprep-p256` stanza's structure.
    /// - Throws: `CardPrepP256StanzaError` naming what is wrong.
    static func parse(_ stanza: AgeStanza) throws(CardPrepP256StanzaError) -> Parsed {
        guard stanza.arguments.count == 2 else { throw .invalid("expected 2 arguments, got \(stanza.arguments.count)") }
        guard let tag = AgePluginBase64.decode(stanza.arguments[0]), tag.count == 4 else {
            throw .invalid("the tag is not 4 bytes of canonical base64")
        }
        guard let shareBytes = AgePluginBase64.decode(stanza.arguments[1]), shareBytes.count == 33,
            let share = try? P256.KeyAgreement.PublicKey(compressedRepresentation: shareBytes)
        else { throw .invalid("the share is not a compressed P-256 point") }
        guard stanza.body.count == 32 else { throw .invalid("the body has \(stanza.body.count) bytes, not 32") }
        return Parsed(tag: tag, share: share, shareBytes: shareBytes, body: stanza.body)
    }

    /// Unwraps the file key of a parsed stanza addressed to `key`.
    /// - Returns: the file key, or nil when the body does not open (another key with the same tag, or altered).
    /// - Throws: errors of the key's holder.
    static func unwrap(_ stanza: Parsed, with key: any P256KeyAgreement) throws -> [UInt8]? {
        let secret = try key.sharedSecret(with: stanza.share)
        return open(stanza.body, key: wrapKey(secret: secret, share: stanza.shareBytes, recipient: key.publicKey))
    }

    private static func wrapKey(secret: [UInt8], share: [UInt8], recipient: P256.KeyAgreement.PublicKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), salt: share + recipient.compressedRepresentation,
            info: Array(label.utf8), outputByteCount: 32)
    }

    private static let zeroNonce = try! ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12))

    private static func seal(_ plaintext: [UInt8], key: SymmetricKey) -> [UInt8] {
        let box = try! ChaChaPoly.seal(plaintext, using: key, nonce: zeroNonce)
        return [UInt8](box.ciphertext) + [UInt8](box.tag)
    }

    private static func open(_ sealed: [UInt8], key: SymmetricKey) -> [UInt8]? {
        guard let box = try? ChaChaPoly.SealedBox(nonce: zeroNonce, ciphertext: sealed.dropLast(16), tag: sealed.suffix(16)),
            let plaintext = try? ChaChaPoly.open(box, using: key)
        else { return nil }
        return [UInt8](plaintext)
    }
}

/// Why a `cardprep-p256` stanza is not usable.
enum CardPrepP256StanzaError: Error, Equatable {
    case invalid(String)
}
