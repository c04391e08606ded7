import CardPrepCrypto

/// Why the vault key could not be split between custodians, or recombined from their shares.
public enum VaultKeyShareError: Error, CustomStringConvertible {
    /// A custodian cannot hold a share: unknown, without an ssh-ed25519 key, named twice, or not one per share.
    case custodian(String)
    /// A share file cannot be read (missing, not text, too large).
    case shareUnreadable(path: String, reason: String)
    /// The shares are wrong: too few, of different sets, corrupted, altered (the share is named).
    case share(SecretShareError)
    /// The shares combine to something that is not an age identity file.
    case notAnIdentity(set: String, reason: String)
    /// The shares combine to an identity that is not the vault's.
    case notTheVaultKey(recipients: [String], expected: [String], source: String)
    /// A share file exists already; shares are never overwritten.
    case shareFileExists(path: String)
    /// The identity file cannot be removed while the pipeline needs it.
    case identityStillNeeded(path: String, reason: String)

    /// Whether the mistake is in what was asked for (exit 64) rather than in what the shares hold (exit 5).
    public var isUsage: Bool {
        switch self {
        case .custodian, .shareUnreadable, .shareFileExists, .identityStillNeeded: true
        case let .share(error): error.isUsage
        case .notAnIdentity, .notTheVaultKey: false
        }
    }

    public var description: String {
        switch self {
        case let .custodian(reason): reason
        case let .shareUnreadable(path, reason): "share \(path) cannot be read: \(reason)"
        case let .share(error): error.description
        case let .notAnIdentity(set, reason): "the shares of set \(set) do not combine to an age identity: \(reason)"
        case let .notTheVaultKey(recipients, expected, source):
            "the shares combine to the key of \(recipients.joined(separator: ", ")), not the vault's "
                + "\(expected.joined(separator: ", ")) (\(source))"
        case let .shareFileExists(path): "\(path) exists already; shares are never overwritten"
        case let .identityStillNeeded(path, reason): "\(path) is not removed: \(reason)"
        }
    }
}
