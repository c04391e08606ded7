import Crypto
import Foundation

/// age's `ssh-ed25519` recipient: a file key wrapped to a person's SSH Ed25519 key, so that `age -d -i ~/.ssh/id_ed25519`
/// opens it.
///
/// ```
/// -> ssh-ed25519 <tag> <ephemeral share>
/// <ChaCha20-Poly1305 of the file key>
/// ```
///
/// `tag` is the base64 of the first 4 bytes of SHA-256 of the key's SSH wire blob. The Ed25519 key is converted to
/// X25519 (u = (1 + y) / (1 − y)); the shared secret is X25519(tweak, X25519(ephemeral, converted key)) with
/// tweak = HKDF-SHA-256(key "", salt wire blob, info label); the wrap key is HKDF-SHA-256(shared secret,
/// salt share ‖ converted key, info label); the label is `age-encryption.org/v1/ssh-ed25519`.
public struct AgeSSHEd25519Recipient: AgeRecipient, CustomStringConvertible {
    static let stanzaType = "ssh-ed25519"
    static let label = "age-encryption.org/v1/ssh-ed25519"

    /// The SSH key files are encrypted to.
    public let publicKey: SSHEd25519PublicKey
    let montgomeryKey: [UInt8]

    /// Creates the recipient of an SSH Ed25519 key.
    /// - Throws: `AgeError.badKey` when the key is not a point of the curve.
    public init(publicKey: SSHEd25519PublicKey) throws {
        guard let converted = Ed25519ToX25519.montgomery(fromEdwards: publicKey.rawRepresentation) else {
            throw AgeError.badKey(reason: "the ssh-ed25519 key \(publicKey.fingerprint) is not a point of the curve")
        }
        self.publicKey = publicKey
        self.montgomeryKey = converted
    }

    /// The key's fingerprint.
    public var description: String { "ssh-ed25519 \(publicKey.fingerprint)" }

    /// The stanza tag: SHA-256 of the wire blob, first 4 bytes, base64.
    var tag: String { Self.tag(of: publicKey) }

    static func tag(of key: SSHEd25519PublicKey) -> String {
        AgeBase64.encode(Array(SHA256.hash(data: key.wireBlob)).prefix(4))
    }

    /// The tweak both sides apply: HKDF-SHA-256 with an empty key, the wire blob as salt and the label as info.
    static func tweak(of key: SSHEd25519PublicKey) -> [UInt8] {
        // HKDF's extract step with an empty key, spelt out: swift-crypto wants a non-empty input key.
        let pseudorandomKey = HMAC<SHA256>.authenticationCode(for: [UInt8](), using: SymmetricKey(data: key.wireBlob))
        let expanded = HMAC<SHA256>.authenticationCode(
            for: Array(label.utf8) + [1], using: SymmetricKey(data: Array(pseudorandomKey)))
        return Array(expanded)
    }

    /// Wraps the file key in one `ssh-ed25519` stanza under a fresh ephemeral key.
    public func wrap(fileKey: [UInt8]) throws -> [AgeStanza] {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = [UInt8](ephemeral.publicKey.rawRepresentation)
        let intermediate = try Self.x25519(scalar: [UInt8](ephemeral.rawRepresentation), point: montgomeryKey)
        let secret = try Self.x25519(scalar: Self.tweak(of: publicKey), point: intermediate)
        let wrapKey = AgePrimitives.hkdf(key: secret, salt: share + montgomeryKey, info: Self.label)
        return [
            AgeStanza(
                type: Self.stanzaType, arguments: [tag, AgeBase64.encode(share)],
                body: AgePrimitives.seal(fileKey, key: wrapKey))
        ]
    }

    /// X25519 of `scalar` and the point `point`, refusing an all-zero result (a low-order point).
    static func x25519(scalar: [UInt8], point: [UInt8]) throws -> [UInt8] {
        guard let privateKey = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: scalar),
            let peer = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: point),
            let shared = try? privateKey.sharedSecretFromKeyAgreement(with: peer)
        else { throw AgeError.stanzaInvalid(type: stanzaType, reason: "X25519 key agreement failed") }
        let bytes = shared.withUnsafeBytes { [UInt8]($0) }
        guard bytes.contains(where: { $0 != 0 }) else {
            throw AgeError.stanzaInvalid(type: stanzaType, reason: "low-order share: all-zero shared secret")
        }
        return bytes
    }
}

/// age's `ssh-ed25519` identity: an OpenSSH Ed25519 private key, which opens files encrypted to its public key
/// (`age -R key.pub`, `AgeSSHEd25519Recipient`).
public struct AgeSSHEd25519Identity: AgeIdentity, CustomStringConvertible, CustomDebugStringConvertible {
    private let scalar: [UInt8]
    private let recipient: AgeSSHEd25519Recipient

    /// Creates the identity of an Ed25519 signing key: its X25519 scalar is the first half of SHA-512 of the seed.
    /// - Throws: `AgeError.badKey` when the public key is not a point of the curve.
    public init(signingKey: SSHEd25519SigningKey) throws {
        scalar = Array(Array(SHA512.hash(data: signingKey.seed)).prefix(32))
        recipient = try AgeSSHEd25519Recipient(publicKey: signingKey.publicKey)
    }

    /// Reads an unencrypted OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`, `ssh-keygen -t ed25519`).
    /// - Throws: `SSHKeyError` for a key that is encrypted, not Ed25519 or malformed.
    public init(openSSHPrivateKey text: String) throws {
        try self.init(signingKey: try SSHEd25519SigningKey(openSSHPrivateKey: text))
    }

    /// The public key files must be encrypted to.
    public var publicKey: SSHEd25519PublicKey { recipient.publicKey }

    /// Names the identity by its public key only.
    public var description: String { "AgeSSHEd25519Identity(\(recipient.publicKey.fingerprint))" }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Unwraps the file key from the first `ssh-ed25519` stanza tagged with this key.
    /// - Throws: `AgeError.stanzaInvalid` for a malformed stanza of this key or a low-order share.
    public func unwrap(_ stanzas: [AgeStanza]) throws -> [UInt8]? {
        for stanza in stanzas where stanza.type == AgeSSHEd25519Recipient.stanzaType {
            func invalid(_ reason: String) -> AgeError { .stanzaInvalid(type: stanza.type, reason: reason) }
            guard stanza.arguments.count == 2 else { throw invalid("expected two arguments, got \(stanza.arguments.count)") }
            guard let tag = AgeBase64.decode(stanza.arguments[0].utf8), tag.count == 4 else {
                throw invalid("the tag is not 4 bytes of canonical base64")
            }
            guard AgeBase64.encode(tag) == recipient.tag else { continue }
            guard let share = AgeBase64.decode(stanza.arguments[1].utf8), share.count == 32 else {
                throw invalid("the share is not 32 bytes of canonical base64")
            }
            guard stanza.body.count == AgeFormat.fileKeySize + AgeFormat.tagSize else {
                throw invalid("body has \(stanza.body.count) bytes, not 32")
            }
            let secret = try AgeSSHEd25519Recipient.x25519(
                scalar: AgeSSHEd25519Recipient.tweak(of: recipient.publicKey),
                point: try AgeSSHEd25519Recipient.x25519(scalar: scalar, point: share))
            let wrapKey = AgePrimitives.hkdf(
                key: secret, salt: share + recipient.montgomeryKey, info: AgeSSHEd25519Recipient.label)
            // A matching tag with a body that does not open is another key with the same tag: try the next stanza.
            if let fileKey = AgePrimitives.open(stanza.body[...], key: wrapKey) { return fileKey }
        }
        return nil
    }
}
