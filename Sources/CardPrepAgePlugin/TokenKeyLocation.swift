/// Where a token key is: its PKCS#11 URI (RFC 7512) with the query attributes `module-path` (the module that
/// reaches the token) and `pin-source` (an owner-only file holding the user PIN, as `file:/path` or `/path`).
///
/// For example `pkcs11:token=bureau;object=intake?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/etc/cardprep/token.pin`.
/// `pin-value` is refused: a PIN never travels in text that is copied into identity files.
public struct TokenKeyLocation: Hashable, Sendable, CustomStringConvertible {
    /// The full URI as given.
    public let text: String
    /// The URI without its query: token and object.
    public let keyURI: String
    /// The module's path.
    public let modulePath: String
    /// The PIN file's path.
    public let pinFile: String

    /// Parses a key URI with its module and PIN source.
    /// - Throws: `CardPrepPluginError.badKeyURI` naming what is missing or refused.
    public init(_ text: String) throws(CardPrepPluginError) {
        guard text.hasPrefix("pkcs11:") else { throw .badKeyURI("a token key URI starts with pkcs11:") }
        self.text = text
        let parts = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        keyURI = String(parts[0])
        var modulePath: String?, pinFile: String?
        for attribute in parts.count > 1 ? parts[1].split(separator: "&") : [] {
            let pair = attribute.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, let value = Self.percentDecoded(pair[1]) else {
                throw .badKeyURI("query attribute '\(attribute)' is not name=value")
            }
            switch pair[0] {
            case "module-path":
                guard modulePath == nil else { throw .badKeyURI("module-path is given twice") }
                modulePath = value
            case "pin-source":
                guard pinFile == nil else { throw .badKeyURI("pin-source is given twice") }
                if value.hasPrefix("file://") {
                    pinFile = String(value.dropFirst("file://".count))
                } else if value.hasPrefix("file:") {
                    pinFile = String(value.dropFirst("file:".count))
                } else {
                    pinFile = value
                }
                guard pinFile?.hasPrefix("/") == true else {
                    throw .badKeyURI("pin-source must name a file by its absolute path (file:/path)")
                }
            case "pin-value": throw .badKeyURI("pin-value is refused: the PIN comes from a file named by pin-source")
            default: throw .badKeyURI("unknown query attribute '\(pair[0])' (module-path and pin-source are understood)")
            }
        }
        guard let modulePath, modulePath.hasPrefix("/") else {
            throw .badKeyURI("module-path=/path/to/module.so is needed (the PKCS#11 module that reaches the token)")
        }
        guard let pinFile else { throw .badKeyURI("pin-source=file:/path is needed (an owner-only file holding the user PIN)") }
        self.modulePath = modulePath
        self.pinFile = pinFile
    }

    public var description: String { text }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var rest = Array(text.utf8)[...]
        while let byte = rest.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard rest.count >= 2, let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(value)
            rest = rest.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
