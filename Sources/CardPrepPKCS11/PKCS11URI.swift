/// A PKCS#11 URI (RFC 7512) naming a token and an object in it, such as
/// `pkcs11:token=cardprep;object=bureau-signing;type=private`.
///
/// Every path attribute of RFC 7512 is understood; values may be percent-encoded, and `id` usually is
/// (`id=%01%02`). A path attribute the RFC does not define (vendor `x-` ones included) is refused rather than
/// ignored, since ignoring it would match a different object than the writer meant. Of the query attributes,
/// `pin-value` and `pin-source` are refused (the PIN comes from the pipeline's `pkcs11.pin_file` or `pin_fd`,
/// never from text that names a key), and so are `module-name` and `module-path` (the pipeline names the module
/// once, in `pkcs11.module`).
public struct PKCS11URI: Hashable, Sendable, CustomStringConvertible {
    /// The kind of object the URI names (`type=`), as RFC 7512 spells it.
    public enum ObjectType: String, Sendable, CaseIterable {
        case publicKey = "public"
        case privateKey = "private"
        case secretKey = "secret-key"
        case certificate = "cert"
        case data
    }

    /// The text the URI was parsed from, used to name it in messages.
    public let text: String
    /// `token`: the token's label.
    public var token: String?
    /// `manufacturer`: the token's manufacturer.
    public var manufacturer: String?
    /// `serial`: the token's serial number.
    public var serial: String?
    /// `model`: the token's model.
    public var model: String?
    /// `library-manufacturer`: the module's manufacturer.
    public var libraryManufacturer: String?
    /// `library-description`: the module's description.
    public var libraryDescription: String?
    /// `library-version`: the module's version, `major` or `major.minor`.
    public var libraryVersion: String?
    /// `object`: the object's label (`CKA_LABEL`).
    public var object: String?
    /// `type`: the object's class.
    public var type: ObjectType?
    /// `id`: the object's `CKA_ID` bytes.
    public var id: [UInt8]?
    /// `slot-description`: the slot's description.
    public var slotDescription: String?
    /// `slot-manufacturer`: the slot's manufacturer.
    public var slotManufacturer: String?
    /// `slot-id`: the slot's number.
    public var slotID: UInt?

    /// Whether the URI says anything about which object it names (object, id).
    public var namesObject: Bool { object != nil || id != nil }

    public var description: String { text }

    /// Parses a PKCS#11 URI.
    /// - Throws: `PKCS11URIError` naming the attribute and what is wrong with it.
    public init(_ text: String) throws(PKCS11URIError) {
        self.text = text
        guard text.lowercased().hasPrefix("pkcs11:") else { throw .notPKCS11URI }
        let body = text.dropFirst("pkcs11:".count)
        let path: Substring, query: Substring?
        if let mark = body.firstIndex(of: "?") {
            path = body[..<mark]; query = body[body.index(after: mark)...]
        } else {
            path = body; query = nil
        }
        var seen: Set<String> = []
        for component in path.split(separator: ";", omittingEmptySubsequences: false) where !(component.isEmpty && path.isEmpty) {
            let (name, raw) = try Self.attribute(component, separator: ";")
            guard seen.insert(name).inserted else { throw .repeatedAttribute(name) }
            try PKCS11URIPathCharacters.check(raw, attribute: name)
            try assign(name, Self.percentDecoded(raw, attribute: name))
        }
        if let query {
            for component in query.split(separator: "&", omittingEmptySubsequences: false) {
                let (name, _) = try Self.attribute(component, separator: "&")
                switch name {
                case "pin-value", "pin-source": throw .pinInURI(name)
                case "module-name", "module-path": throw .moduleInURI(name)
                default: throw .unknownAttribute(name)
                }
            }
        }
    }

    private static func attribute(_ component: Substring, separator: Character) throws(PKCS11URIError) -> (String, Substring) {
        guard let equals = component.firstIndex(of: "=") else { throw .malformedAttribute(String(component)) }
        let name = String(component[..<equals])
        guard !name.isEmpty else { throw .malformedAttribute(String(component)) }
        return (name, component[component.index(after: equals)...])
    }

    private mutating func assign(_ name: String, _ bytes: [UInt8]) throws(PKCS11URIError) {
        func text() throws(PKCS11URIError) -> String {
            guard let value = String(validating: bytes, as: UTF8.self) else { throw .notUTF8(name) }
            return value
        }
        switch name {
        case "token": token = try text()
        case "manufacturer": manufacturer = try text()
        case "serial": serial = try text()
        case "model": model = try text()
        case "library-manufacturer": libraryManufacturer = try text()
        case "library-description": libraryDescription = try text()
        case "library-version":
            let value = try text()
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ UInt8($0) != nil }) else {
                throw .invalidValue(name, value, expected: "a version such as 2 or 2.6")
            }
            libraryVersion = value
        case "object": object = try text()
        case "type":
            let value = try text()
            guard let kind = ObjectType(rawValue: value) else {
                throw .invalidValue(name, value, expected: ObjectType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            type = kind
        case "id": id = bytes
        case "slot-description": slotDescription = try text()
        case "slot-manufacturer": slotManufacturer = try text()
        case "slot-id":
            let value = try text()
            guard let number = UInt(value) else { throw .invalidValue(name, value, expected: "a decimal slot number") }
            slotID = number
        default: throw .unknownAttribute(name)
        }
    }

    /// Decodes `%XX` escapes; a `%` not followed by two hex digits is an error.
    static func percentDecoded(_ raw: Substring, attribute: String) throws(PKCS11URIError) -> [UInt8] {
        var bytes: [UInt8] = []
        var utf8 = Array(raw.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                throw .malformedPercentEncoding(attribute)
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        return bytes
    }
}

/// The characters RFC 7512 allows unencoded in a path attribute's value.
enum PKCS11URIPathCharacters {
    /// unreserved (RFC 3986), RFC 7512's pk11-res-avail, "&" and "%" (which starts an escape).
    static let allowed: Set<UInt8> = {
        var set = Set("-._~:[]@!$'()*+,=&%".utf8)
        set.formUnion(UInt8(ascii: "a")...UInt8(ascii: "z"))
        set.formUnion(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        set.formUnion(UInt8(ascii: "0")...UInt8(ascii: "9"))
        return set
    }()

    /// - Throws: `PKCS11URIError.characterNotAllowed` for the first character that must be percent-encoded.
    static func check(_ raw: Substring, attribute: String) throws(PKCS11URIError) {
        if let bad = raw.unicodeScalars.first(where: { !$0.isASCII || !allowed.contains(UInt8($0.value)) }) {
            throw .characterNotAllowed(attribute, Character(bad))
        }
    }
}

/// Why text is not a PKCS#11 URI CardPrep accepts.
public enum PKCS11URIError: Error, Equatable, Sendable, CustomStringConvertible {
    case notPKCS11URI
    case malformedAttribute(String)
    case unknownAttribute(String)
    case repeatedAttribute(String)
    case malformedPercentEncoding(String)
    case characterNotAllowed(String, Character)
    case notUTF8(String)
    case invalidValue(String, String, expected: String)
    case pinInURI(String)
    case moduleInURI(String)

    public var description: String {
        switch self {
        case .notPKCS11URI: "a PKCS#11 URI starts with pkcs11:"
        case let .malformedAttribute(text): "'\(text)' is not an attribute=value pair"
        case let .unknownAttribute(name):
            "unknown attribute '\(name)' (RFC 7512 defines token, manufacturer, serial, model, library-manufacturer, "
                + "library-description, library-version, object, type, id, slot-description, slot-manufacturer, slot-id)"
        case let .repeatedAttribute(name): "attribute '\(name)' is given twice"
        case let .malformedPercentEncoding(name): "attribute '\(name)': '%' must be followed by two hex digits"
        case let .characterNotAllowed(name, character):
            "attribute '\(name)': '\(character)' must be percent-encoded (RFC 7512)"
        case let .notUTF8(name): "attribute '\(name)' is not UTF-8 text once decoded"
        case let .invalidValue(name, value, expected): "attribute '\(name)' is '\(value)'; expected \(expected)"
        case let .pinInURI(name):
            "'\(name)' is refused: the PIN comes from the pipeline's pkcs11.pin_file or pkcs11.pin_fd, never from a key URI"
        case let .moduleInURI(name): "'\(name)' is refused: name the module once, in the pipeline's pkcs11.module"
        }
    }
}
