import CardPrepPKCS11

/// Where a secret key lives: a file readable by its owner only, or an object in a PKCS#11 token.
///
/// In a pipeline file a key is named by a path (`keys/bureau-signing`) or by an RFC 7512 URI
/// (`pkcs11:token=cardprep;object=bureau-signing`).
public enum KeyReference: Hashable, Sendable, CustomStringConvertible {
    /// A key file.
    case file(String)
    /// A key in the token the pipeline's `pkcs11` block reaches.
    case token(PKCS11URI)

    /// Reads a reference: text starting with `pkcs11:` is a URI, anything else a path.
    /// - Parameter resolve: turns a relative path into an absolute one (paths in a pipeline file are taken from
    ///   its folder).
    /// - Throws: `PKCS11URIError` when the text starts with `pkcs11:` but is not a URI CardPrep accepts.
    public init(_ text: String, resolve: (String) -> String = { $0 }) throws(PKCS11URIError) {
        if text.lowercased().hasPrefix("pkcs11:") {
            self = .token(try PKCS11URI(text))
        } else {
            self = .file(resolve(text))
        }
    }

    /// The path of a key file; nil for a token key.
    public var file: String? {
        if case let .file(path) = self { return path }
        return nil
    }

    /// The path or the URI, as written.
    public var description: String {
        switch self {
        case let .file(path): path
        case let .token(uri): uri.text
        }
    }
}
