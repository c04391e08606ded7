import Crypto
import Foundation

/// An Ed25519 public key in OpenSSH's encodings: `authorized_keys` lines, wire blobs and `SHA256:` fingerprints.
public struct SSHEd25519PublicKey: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The key type name OpenSSH uses for Ed25519 keys.
    public static let keyType = "ssh-ed25519"

    /// The 32-byte Ed25519 public key.
    public let rawRepresentation: [UInt8]

    /// Creates a key from its 32 raw bytes.
    /// - Throws: `SSHKeyError.malformedPublicKey` when `rawRepresentation` is not 32 bytes long.
    public init(rawRepresentation: [UInt8]) throws(SSHKeyError) {
        guard rawRepresentation.count == 32 else {
            throw .malformedPublicKey(reason: "an Ed25519 key has 32 bytes, not \(rawRepresentation.count)")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Wraps bytes already known to be 32 long.
    init(checkedRaw: [UInt8]) {
        precondition(checkedRaw.count == 32)
        self.rawRepresentation = checkedRaw
    }

    /// Parses a line of the `authorized_keys` / `.pub` form: `ssh-ed25519 AAAA… [comment]`.
    /// - Throws: `SSHKeyError.unsupportedKeyType` for other key types, `.malformedPublicKey` otherwise.
    public init(authorizedKeyLine: String) throws(SSHKeyError) {
        let fields = authorizedKeyLine.split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2 else { throw .malformedPublicKey(reason: "expected a key type and base64 key") }
        guard fields[0] == Self.keyType else { throw .unsupportedKeyType(String(fields[0])) }
        let encoded = fields[1].trimmingCharacters(in: .newlines)
        guard let blob = SSHBase64.decode(encoded) else { throw .malformedPublicKey(reason: "the key is not base64") }
        try self.init(wireBlob: blob)
    }

    /// Parses the wire blob: `string "ssh-ed25519"`, `string key`.
    /// - Throws: `SSHKeyError` when the blob is of another type or not well formed.
    init(wireBlob: [UInt8]) throws(SSHKeyError) {
        self = try SSHWireReader.readKeyBlob(wireBlob, keyType: Self.keyType) { reader in
            try Self(rawRepresentation: try reader.readString(field: "Ed25519 key"))
        }
    }

    /// The wire blob: `string "ssh-ed25519"`, `string key`.
    var wireBlob: [UInt8] {
        var writer = SSHWireWriter()
        writer.writeText(Self.keyType)
        writer.writeString(rawRepresentation)
        return writer.bytes
    }

    /// The key as a line of `authorized_keys` / `allowed_signers`: `ssh-ed25519 AAAA… comment`, no newline.
    /// - Parameter comment: appended after a space when present and not empty.
    public func authorizedKeyLine(comment: String?) -> String {
        let line = "\(Self.keyType) \(SSHBase64.encode(wireBlob))"
        guard let comment, !comment.isEmpty else { return line }
        return line + " " + comment
    }

    /// The fingerprint as `ssh-keygen -l` prints it: `SHA256:` and the unpadded base64 of the blob's SHA-256.
    public var fingerprint: String { SSHFingerprint.of(wireBlob) }

    /// The fingerprint, which identifies the key in messages without repeating it.
    public var description: String { fingerprint }

    /// Whether `signature` is this key's valid Ed25519 signature of `data`.
    func isValidSignature(_ signature: [UInt8], for data: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: data)
    }
}
