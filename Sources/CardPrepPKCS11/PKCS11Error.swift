/// Why a PKCS#11 token could not be used, with what was being done.
public enum PKCS11Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// The module (the token's shared library) could not be loaded.
    case moduleNotLoaded(path: String, reason: String)
    /// A PKCS#11 function returned an error.
    case call(function: String, code: PKCS11ReturnCode, doing: String)
    /// No token matches the URI among the slots with a token present.
    case tokenNotFound(uri: String, present: [String])
    /// More than one token matches the URI.
    case ambiguousToken(uri: String, matches: [String])
    /// No object matches the URI in the token.
    case objectNotFound(uri: String)
    /// More than one object matches the URI; add `id=` or `type=` to tell them apart.
    case ambiguousObject(uri: String, count: Int)
    /// The object is not a key of a kind this operation takes.
    case unsupportedKey(uri: String, reason: String)
    /// The PIN could not be read, or is not usable.
    case pin(reason: String)
    /// An object exists already where a new one would be created; keys are never replaced.
    case objectExists(uri: String)
    /// An attribute's value is not what the standard says it should be.
    case malformedAttribute(name: String, reason: String)

    public var description: String {
        switch self {
        case let .moduleNotLoaded(path, reason): "cannot load the PKCS#11 module \(path): \(reason)"
        case let .call(function, code, doing): "\(function) failed with \(code.name) while \(doing)"
        case let .tokenNotFound(uri, present):
            "no token matches \(uri); tokens present: " + (present.isEmpty ? "none" : present.joined(separator: ", "))
        case let .ambiguousToken(uri, matches): "\(matches.count) tokens match \(uri): \(matches.joined(separator: ", "))"
        case let .objectNotFound(uri): "no object matches \(uri) in the token"
        case let .ambiguousObject(uri, count): "\(count) objects match \(uri); add id= or type= to name one"
        case let .unsupportedKey(uri, reason): "\(uri) cannot be used here: \(reason)"
        case let .pin(reason): "token PIN: \(reason)"
        case let .objectExists(uri): "\(uri) exists already in the token; CardPrep never replaces a key"
        case let .malformedAttribute(name, reason): "the token's \(name) is not usable: \(reason)"
        }
    }
}
