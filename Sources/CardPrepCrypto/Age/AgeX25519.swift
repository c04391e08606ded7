import Crypto
import Foundation

/// An age X25519 recipient, written `age1…`.
public struct AgeX25519Recipient: AgeRecipient, Equatable, CustomStringConvertible {
    static let stanzaType = "X25519"
    static let label = "age-encryption.org/v1/X25519"

    /// The recipient's public key.
    let publicKey: [UInt8]

    init(publicKey: [UInt8]) { self.publicKey = publicKey }

    /// Parses an `age1…` recipient.
    /// - Throws: `AgeError.badKey` when the string is not a valid X25519 recipient.
    public init(bech32 text: String) throws {
        guard let (hrp, data) = Bech32.decode(text), hrp == "age", text == text.lowercased() else {
            throw AgeError.badKey(reason: "not an age1… X25519 recipient")
        }
        guard data.count == 32 else { throw AgeError.badKey(reason: "X25519 recipient has \(data.count) bytes, not 32") }
        publicKey = data
    }

    /// The recipient as an `age1…` string.
    public var bech32: String { Bech32.encode(hrp: "age", data: publicKey) }

    /// The `age1…` string.
    public var description: String { bech32 }

    /// Wraps the file key in one `X25519` stanza under a fresh ephemeral key.
    public func wrap(fileKey: [UInt8]) throws -> [AgeStanza] {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = [UInt8](ephemeral.publicKey.rawRepresentation)
        let peer = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
        let secret = try AgeX25519Identity.sharedSecret(ephemeral, peer)
        let wrapKey = AgePrimitives.hkdf(key: secret, salt: share + publicKey, info: Self.label)
        let body = AgePrimitives.seal(fileKey, key: wrapKey)
        return [AgeStanza(type: Self.stanzaType, arguments: [AgeBase64.encode(share)], body: body)]
    }
}

/// An age X25519 identity, written `AGE-SECRET-KEY-1…`.
public struct AgeX25519Identity: AgeIdentity, CustomStringConvertible, CustomDebugStringConvertible {
    private static let hrp = "AGE-SECRET-KEY-"
    private let privateKey: Curve25519.KeyAgreement.PrivateKey

    private init(privateKey: Curve25519.KeyAgreement.PrivateKey) { self.privateKey = privateKey }

    /// Generates a new random identity.
    public static func generate() -> AgeX25519Identity { AgeX25519Identity(privateKey: .init()) }

    /// Parses an `AGE-SECRET-KEY-1…` identity.
    /// - Throws: `AgeError.badKey` (without echoing the key) when the string is not a valid identity.
    public init(bech32 text: String) throws {
        guard let (hrp, data) = Bech32.decode(text), hrp == Self.hrp.lowercased(), text == text.uppercased() else {
            throw AgeError.badKey(reason: "not an AGE-SECRET-KEY-1… identity")
        }
        guard data.count == 32 else { throw AgeError.badKey(reason: "X25519 identity has \(data.count) bytes, not 32") }
        privateKey = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: data)
    }

    /// The identity as an `AGE-SECRET-KEY-1…` string. Secret: never log it.
    public var bech32: String { Bech32.encode(hrp: Self.hrp, data: [UInt8](privateKey.rawRepresentation)) }

    /// Names the identity by its public recipient only, so that printing it never reveals the secret.
    public var description: String { "AgeX25519Identity(\(recipient.bech32))" }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// The recipient that encrypts to this identity.
    public var recipient: AgeX25519Recipient {
        AgeX25519Recipient(publicKey: [UInt8](privateKey.publicKey.rawRepresentation))
    }

    /// Unwraps the file key from the first `X25519` stanza addressed to this identity.
    /// - Throws: `AgeError.stanzaInvalid` for a malformed `X25519` stanza or a low-order share.
    public func unwrap(_ stanzas: [AgeStanza]) throws -> [UInt8]? {
        for stanza in stanzas where stanza.type == AgeX25519Recipient.stanzaType {
            if let fileKey = try unwrap(stanza) { return fileKey }
        }
        return nil
    }

    private func unwrap(_ stanza: AgeStanza) throws -> [UInt8]? {
        func invalid(_ reason: String) -> AgeError { .stanzaInvalid(type: stanza.type, reason: reason) }
        guard stanza.arguments.count == 1 else { throw invalid("expected one argument, got \(stanza.arguments.count)") }
        guard let share = AgeBase64.decode(stanza.arguments[0].utf8) else { throw invalid("share is not canonical base64") }
        guard share.count == 32 else { throw invalid("share has \(share.count) bytes, not 32") }
        guard stanza.body.count == AgeFormat.fileKeySize + AgeFormat.tagSize else {
            throw invalid("body has \(stanza.body.count) bytes, not 32")
        }
        let peer = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: share)
        let secret = try Self.sharedSecret(privateKey, peer)
        let recipientKey = [UInt8](privateKey.publicKey.rawRepresentation)
        let wrapKey = AgePrimitives.hkdf(key: secret, salt: share + recipientKey, info: AgeX25519Recipient.label)
        return AgePrimitives.open(stanza.body[...], key: wrapKey)
    }

    /// X25519, refusing the all-zero shared secret of low-order points (swift-crypto does not check it).
    static func sharedSecret(
        _ privateKey: Curve25519.KeyAgreement.PrivateKey, _ peer: Curve25519.KeyAgreement.PublicKey
    ) throws -> [UInt8] {
        guard let shared = try? privateKey.sharedSecretFromKeyAgreement(with: peer) else {
            throw AgeError.stanzaInvalid(type: AgeX25519Recipient.stanzaType, reason: "X25519 key agreement failed")
        }
        let bytes = shared.withUnsafeBytes { [UInt8]($0) }
        guard bytes.contains(where: { $0 != 0 }) else {
            throw AgeError.stanzaInvalid(type: AgeX25519Recipient.stanzaType, reason: "low-order share: all-zero shared secret")
        }
        return bytes
    }
}
