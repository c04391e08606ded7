import Crypto
import Foundation

/// An Ed25519 key held by a FIDO security key, in OpenSSH's encodings: the key type
/// `sk-ssh-ed25519@openssh.com` (OpenSSH's PROTOCOL.u2f).
///
/// The authenticator does not sign the data itself but
/// `SHA256(application) ‖ flags ‖ counter ‖ SHA256(data)`, where the application (usually `ssh:`) is part of the
/// public key, and flags and counter travel with the signature. CardPrep requires the user-presence flag: a
/// person touched the token for that signature.
public struct SSHSecurityKeyEd25519PublicKey: Hashable, Sendable {
    /// The key type name OpenSSH uses for Ed25519 keys on security keys.
    public static let keyType = "sk-ssh-ed25519@openssh.com"
    /// The flag an authenticator sets when a person touched it for the signature.
    public static let userPresentFlag: UInt8 = 0x01
    /// The flag an authenticator sets when it also verified the person (PIN or biometrics).
    public static let userVerifiedFlag: UInt8 = 0x04

    /// The 32-byte Ed25519 public key.
    public let rawRepresentation: [UInt8]
    /// The FIDO application (relying party) the key was made for, usually `ssh:`.
    public let application: String

    /// Creates a key from its raw Ed25519 key and its application.
    /// - Throws: `SSHKeyError.malformedPublicKey` when `rawRepresentation` is not 32 bytes long.
    public init(rawRepresentation: [UInt8], application: String) throws(SSHKeyError) {
        guard rawRepresentation.count == 32 else {
            throw .malformedPublicKey(reason: "an Ed25519 key has 32 bytes, not \(rawRepresentation.count)")
        }
        self.rawRepresentation = rawRepresentation
        self.application = application
    }

    /// Parses the wire blob: `string "sk-ssh-ed25519@openssh.com"`, `string key`, `string application`.
    /// - Throws: `SSHKeyError` when the blob is of another type or not well formed.
    init(wireBlob: [UInt8]) throws(SSHKeyError) {
        self = try SSHWireReader.readKeyBlob(wireBlob, keyType: Self.keyType) { reader in
            let raw = try reader.readString(field: "Ed25519 key")
            return try Self(rawRepresentation: raw, application: try reader.readText(field: "application"))
        }
    }

    /// The wire blob: `string "sk-ssh-ed25519@openssh.com"`, `string key`, `string application`.
    var wireBlob: [UInt8] {
        var writer = SSHWireWriter()
        writer.writeText(Self.keyType)
        writer.writeString(rawRepresentation)
        writer.writeText(application)
        return writer.bytes
    }

    /// What the authenticator signs for `data`: `SHA256(application) ‖ flags ‖ counter ‖ SHA256(data)`.
    func authenticatorMessage(for data: [UInt8], flags: UInt8, counter: UInt32) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.writeBytes(SHA256.hash(data: Array(application.utf8)))
        writer.writeBytes([flags])
        writer.writeUInt32(counter)
        writer.writeBytes(SHA256.hash(data: data))
        return writer.bytes
    }

    /// Whether `signature` is the authenticator's valid Ed25519 signature for `data` with `flags` and `counter`.
    /// The flags are not judged here; see `userPresentFlag`.
    func isValidSignature(_ signature: [UInt8], flags: UInt8, counter: UInt32, for data: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: authenticatorMessage(for: data, flags: flags, counter: counter))
    }
}
