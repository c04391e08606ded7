/// Why an SSHSIG signature could not be made or was not accepted.
public enum SSHSignatureError: Error, Equatable, CustomStringConvertible {
    /// The text is not an `SSH SIGNATURE` armor block.
    case malformedArmor(reason: String)
    /// The armored blob is not a well-formed SSHSIG structure.
    case malformedSignature(reason: String)
    /// The SSHSIG version is not 1.
    case unsupportedVersion(UInt32)
    /// The signature was made for another namespace (purpose) than the one expected.
    case wrongNamespace(expected: String, found: String)
    /// The namespace is empty; OpenSSH requires one for signing and verifying.
    case emptyNamespace
    /// The message was hashed with an algorithm other than sha256 or sha512.
    case unsupportedHashAlgorithm(String)
    /// The signing key or signature is of a type CardPrep cannot verify (not ssh-ed25519, ecdsa-sha2-nistp256
    /// or sk-ssh-ed25519@openssh.com).
    case unsupportedKeyType(String)
    /// The signing key is of a type CardPrep verifies, but not for this purpose (drop manifests, bundles and
    /// reports take ssh-ed25519 only).
    case keyTypeNotAccepted(String, accepted: [String])
    /// A security key's signature matches, but the token says no one touched it.
    case userNotPresent(fingerprint: String)
    /// The signature was made by a key that is not among the trusted keys.
    case unknownKey(fingerprint: String)
    /// The signature does not match the message: the message or signature was altered.
    case badSignature(fingerprint: String)

    public var description: String {
        switch self {
        case let .malformedArmor(reason): "not an SSH signature: \(reason)"
        case let .malformedSignature(reason): "malformed SSH signature: \(reason)"
        case let .unsupportedVersion(version): "unsupported SSH signature version \(version); only version 1 exists"
        case let .wrongNamespace(expected, found):
            "the signature is for namespace \"\(found)\", not \"\(expected)\": it was made for another purpose"
        case .emptyNamespace: "an SSH signature needs a non-empty namespace"
        case let .unsupportedHashAlgorithm(name): "unsupported SSH signature hash algorithm \(name); sha256 and sha512 are"
        case let .unsupportedKeyType(type):
            "unsupported SSH signature key type \(type); CardPrep verifies \(SSHPublicKey.supportedKeyTypes.joined(separator: ", "))"
        case let .keyTypeNotAccepted(type, accepted):
            "a signature by a \(type) key is not accepted here; it must be made with \(accepted.joined(separator: " or "))"
        case let .userNotPresent(fingerprint):
            "the security key \(fingerprint) signed without a touch (no user-presence flag); sign again and touch the token"
        case let .unknownKey(fingerprint): "the signature was made by key \(fingerprint), which is not trusted"
        case let .badSignature(fingerprint):
            "the signature by key \(fingerprint) does not match the message: the message or signature was altered"
        }
    }
}
