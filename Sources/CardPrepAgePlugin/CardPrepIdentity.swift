import CardPrepCrypto
import Crypto

/// An identity of `age-plugin-cardprep`, written `AGE-PLUGIN-CARDPREP-1…`: a reference to a key in a token, never
/// the key. Its Bech32 data is one version byte (1: a PKCS#11 key), the key's compressed public key (33 bytes, so
/// stanzas are matched, and a token holding another key is noticed, before anything is asked of the token) and the
/// key's PKCS#11 URI (RFC 7512) in UTF-8, with the query attributes `module-path` and `pin-source` that say which
/// module reaches the token and which owner-only file holds its PIN.
public struct CardPrepIdentity: Equatable, Sendable {
    /// The only kind of identity: a key in a PKCS#11 token.
    static let pkcs11Version: UInt8 = 1

    /// The public key of the token's key.
    public let publicKey: P256.KeyAgreement.PublicKey
    /// Where the key is: token, object, module and PIN file.
    public let location: TokenKeyLocation

    /// An identity for the key at `location` whose public key is `publicKey`.
    public init(publicKey: P256.KeyAgreement.PublicKey, location: TokenKeyLocation) {
        self.publicKey = publicKey; self.location = location
    }

    /// Parses `AGE-PLUGIN-CARDPREP-1…`.
    /// - Throws: `CardPrepPluginError.badIdentity` when the text is not one.
    public init(_ text: String) throws(CardPrepPluginError) {
        guard let key = try? AgePluginKey(text), key.role == .identity, key.pluginName == CardPrepRecipient.pluginName else {
            throw .badIdentity("not an AGE-PLUGIN-CARDPREP-1… identity")
        }
        let data = key.data
        guard data.first == Self.pkcs11Version else {
            throw .badIdentity("identity version \(data.first.map(String.init) ?? "none") is not 1 (a key in a PKCS#11 token)")
        }
        guard data.count > 34, let publicKey = try? P256.KeyAgreement.PublicKey(compressedRepresentation: data[1..<34]) else {
            throw .badIdentity("the identity does not hold a compressed P-256 public key")
        }
        guard let uri = String(validating: data[34...], as: UTF8.self) else { throw .badIdentity("the key URI is not UTF-8") }
        self.publicKey = publicKey
        self.location = try TokenKeyLocation(uri)
    }

    /// The `AGE-PLUGIN-CARDPREP-1…` text.
    public var text: String {
        let data = [Self.pkcs11Version] + publicKey.compressedRepresentation + Array(location.text.utf8)
        return AgePluginKey.identity(plugin: CardPrepRecipient.pluginName, data: data).text
    }

    /// The recipient files are encrypted to for this identity.
    public var recipient: CardPrepRecipient { CardPrepRecipient(publicKey: publicKey) }

    public static func == (left: Self, right: Self) -> Bool { left.text == right.text }
}
