import CardPrepCrypto
import Crypto

/// A recipient of `age-plugin-cardprep`, written `age1cardprep1…`: the compressed P-256 public key of a key held in
/// a token. Files are encrypted to it without the token (any age client with the plugin on its PATH).
public struct CardPrepRecipient: AgeRecipient, Equatable, CustomStringConvertible {
    /// The plugin's name: recipients `age1cardprep1…`, identities `AGE-PLUGIN-CARDPREP-1…`.
    public static let pluginName = "cardprep"

    /// The recipient's public key.
    public let publicKey: P256.KeyAgreement.PublicKey

    /// A recipient for a public key.
    public init(publicKey: P256.KeyAgreement.PublicKey) { self.publicKey = publicKey }

    /// Parses `age1cardprep1…`.
    /// - Throws: `CardPrepPluginError.badRecipient` when the text is not one.
    public init(_ text: String) throws(CardPrepPluginError) {
        guard let key = try? AgePluginKey(text), key.role == .recipient, key.pluginName == Self.pluginName else {
            throw .badRecipient("not an age1cardprep1… recipient")
        }
        guard key.data.count == 33, let publicKey = try? P256.KeyAgreement.PublicKey(compressedRepresentation: key.data) else {
            throw .badRecipient("an age1cardprep1… recipient holds a compressed P-256 point (33 bytes)")
        }
        self.publicKey = publicKey
    }

    public static func == (left: Self, right: Self) -> Bool {
        left.publicKey.compressedRepresentation == right.publicKey.compressedRepresentation
    }

    /// The `age1cardprep1…` text.
    public var text: String {
        AgePluginKey.recipient(plugin: Self.pluginName, data: Array(publicKey.compressedRepresentation)).text
    }

    public var description: String { text }

    /// Wraps the file key in one `cardprep-p256` stanza.
    public func wrap(fileKey: [UInt8]) throws -> [AgeStanza] { [try CardPrepP256Stanza.wrap(fileKey: fileKey, to: publicKey)] }
}
