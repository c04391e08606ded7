/// Why an OpenSSH public or private key could not be read.
public enum SSHKeyError: Error, Equatable, CustomStringConvertible {
    /// The public key text or blob is not well formed.
    case malformedPublicKey(reason: String)
    /// The key is of a type CardPrep does not read here.
    case unsupportedKeyType(String)
    /// The private key file is not a well-formed openssh-key-v1 file.
    case malformedPrivateKey(reason: String)
    /// The private key file is protected by a passphrase.
    case encryptedPrivateKey(cipher: String, kdf: String)
    /// The private key file holds a number of keys other than one.
    case unsupportedKeyCount(Int)
    /// The two check integers of the private section differ (a corrupt or wrongly decrypted key).
    case checkMismatch
    /// The private section's public key disagrees with the file's public key or with the secret seed.
    case publicKeyMismatch
    /// The padding after the private section is not 1, 2, 3, ….
    case badPadding

    public var description: String {
        switch self {
        case let .malformedPublicKey(reason): "malformed SSH public key: \(reason)"
        case let .unsupportedKeyType(type):
            "unsupported SSH key type \(type); CardPrep reads ssh-ed25519 keys, and for people also ecdsa-sha2-nistp256 "
                + "and sk-ssh-ed25519@openssh.com"
        case let .malformedPrivateKey(reason): "malformed OpenSSH private key: \(reason)"
        case let .encryptedPrivateKey(cipher, kdf):
            "the OpenSSH private key is encrypted (cipher \(cipher), kdf \(kdf)); "
                + "CardPrep reads unencrypted keys only, kept in owner-only (0600) files"
        case let .unsupportedKeyCount(count): "the OpenSSH private key file holds \(count) keys; exactly one is supported"
        case .checkMismatch: "the OpenSSH private key's check integers differ: the key is corrupt"
        case .publicKeyMismatch: "the OpenSSH private key's public and private parts do not belong together"
        case .badPadding: "the OpenSSH private key's padding is wrong: the key is corrupt"
        }
    }
}
