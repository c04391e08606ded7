import Crypto
import Foundation

/// A public key of one of the kinds CardPrep verifies SSHSIG signatures from: `ssh-ed25519`,
/// `ecdsa-sha2-nistp256`, and `sk-ssh-ed25519@openssh.com` (an Ed25519 key held by a FIDO security key).
///
/// People sign statements with whichever of these their bureau issued them; drop manifests, bundles and reports
/// stay on `ssh-ed25519` (`SSHEd25519PublicKey`).
public enum SSHPublicKey: Hashable, Sendable, CustomStringConvertible {
    /// A plain Ed25519 key (`ssh-keygen -t ed25519`).
    case ed25519(SSHEd25519PublicKey)
    /// An ECDSA key on NIST P-256 (`ssh-keygen -t ecdsa -b 256`).
    case ecdsaP256(SSHECDSAP256PublicKey)
    /// An Ed25519 key on a FIDO security key (`ssh-keygen -t ed25519-sk`).
    case securityKeyEd25519(SSHSecurityKeyEd25519PublicKey)

    /// The key type names CardPrep reads, as they start an `authorized_keys` line.
    public static let supportedKeyTypes = [
        SSHEd25519PublicKey.keyType, SSHECDSAP256PublicKey.keyType, SSHSecurityKeyEd25519PublicKey.keyType,
    ]

    /// Parses a line of the `authorized_keys` / `.pub` form: `TYPE AAAA… [comment]`, without options.
    /// - Throws: `SSHKeyError.unsupportedKeyType` for key types other than the three above (RSA, DSA,
    ///   certificates, sk-ecdsa), `.malformedPublicKey` when the line or its blob is not well formed.
    public init(authorizedKeyLine: String) throws(SSHKeyError) {
        let fields = authorizedKeyLine.split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2 else { throw .malformedPublicKey(reason: "expected a key type and base64 key") }
        let type = String(fields[0])
        guard Self.supportedKeyTypes.contains(type) else { throw .unsupportedKeyType(type) }
        let encoded = fields[1].trimmingCharacters(in: .newlines)
        guard let blob = SSHBase64.decode(encoded) else { throw .malformedPublicKey(reason: "the key is not base64") }
        try self.init(wireBlob: blob)
        guard keyType == type else {
            throw .malformedPublicKey(reason: "the line says \(type) but the key is \(keyType)")
        }
    }

    /// Parses a wire blob of any of the three kinds.
    /// - Throws: `SSHKeyError` when the blob is of another type or not well formed.
    init(wireBlob: [UInt8]) throws(SSHKeyError) {
        var reader = SSHWireReader(wireBlob)
        let type: String
        do { type = try reader.readText(field: "key type") } catch { throw .malformedPublicKey(reason: error.description) }
        switch type {
        case SSHEd25519PublicKey.keyType: self = .ed25519(try SSHEd25519PublicKey(wireBlob: wireBlob))
        case SSHECDSAP256PublicKey.keyType: self = .ecdsaP256(try SSHECDSAP256PublicKey(wireBlob: wireBlob))
        case SSHSecurityKeyEd25519PublicKey.keyType:
            self = .securityKeyEd25519(try SSHSecurityKeyEd25519PublicKey(wireBlob: wireBlob))
        default: throw .unsupportedKeyType(type)
        }
    }

    /// The key type name: `ssh-ed25519`, `ecdsa-sha2-nistp256` or `sk-ssh-ed25519@openssh.com`.
    public var keyType: String {
        switch self {
        case .ed25519: SSHEd25519PublicKey.keyType
        case .ecdsaP256: SSHECDSAP256PublicKey.keyType
        case .securityKeyEd25519: SSHSecurityKeyEd25519PublicKey.keyType
        }
    }

    /// The wire blob, as it appears in `authorized_keys` lines and signatures.
    var wireBlob: [UInt8] {
        switch self {
        case let .ed25519(key): key.wireBlob
        case let .ecdsaP256(key): key.wireBlob
        case let .securityKeyEd25519(key): key.wireBlob
        }
    }

    /// The key as a line of `authorized_keys` / `allowed_signers`: `TYPE AAAA… comment`, no newline.
    /// - Parameter comment: appended after a space when present and not empty.
    public func authorizedKeyLine(comment: String?) -> String {
        let line = "\(keyType) \(SSHBase64.encode(wireBlob))"
        guard let comment, !comment.isEmpty else { return line }
        return line + " " + comment
    }

    /// The fingerprint as `ssh-keygen -l` prints it: `SHA256:` and the unpadded base64 of the blob's SHA-256.
    public var fingerprint: String { SSHFingerprint.of(wireBlob) }

    /// The fingerprint, which identifies the key in messages without repeating it.
    public var description: String { fingerprint }
}

/// OpenSSH's `SHA256:` key fingerprints.
enum SSHFingerprint {
    /// `SHA256:` and the unpadded base64 of the SHA-256 of a key's wire blob.
    static func of(_ wireBlob: [UInt8]) -> String {
        let digest = SSHBase64.encode(Array(SHA256.hash(data: wireBlob)))
        return "SHA256:" + String(digest.prefix(while: { $0 != "=" }))
    }
}
