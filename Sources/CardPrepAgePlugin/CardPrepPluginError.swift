/// Why `age-plugin-cardprep` could not use a recipient, an identity or a token key.
public enum CardPrepPluginError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An `age1cardprep1…` recipient is not valid.
    case badRecipient(String)
    /// An `AGE-PLUGIN-CARDPREP-1…` identity is not valid.
    case badIdentity(String)
    /// A token key URI lacks its module or PIN file, or has attributes CardPrep refuses.
    case badKeyURI(String)
    /// The module, token, PIN or key could not be used.
    case token(uri: String, reason: String)
    /// The token's key is not the key the identity was made for.
    case wrongKey(uri: String)
    /// The command line is not usable.
    case usage(String)

    public var description: String {
        switch self {
        case let .badRecipient(reason): "invalid recipient: \(reason)"
        case let .badIdentity(reason): "invalid identity: \(reason)"
        case let .badKeyURI(reason): "invalid token key URI: \(reason)"
        case let .token(uri, reason): "token key \(uri): \(reason)"
        case let .wrongKey(uri):
            "token key \(uri) is not the key this identity was made for (another token or key under that name)"
        case let .usage(reason): reason
        }
    }
}
