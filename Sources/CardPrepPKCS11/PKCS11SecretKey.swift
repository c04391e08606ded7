internal import CPKCS11

/// A generic secret key in a token, used for HMAC-SHA256 (`CKM_SHA256_HMAC`); its value never leaves the token.
public struct PKCS11SecretKey: Sendable {
    /// The token holding the key.
    public let token: PKCS11Token
    /// The URI the key was found by.
    public let uri: PKCS11URI
    let handle: CK_OBJECT_HANDLE

    /// Finds the secret key `uri` names.
    /// - Throws: `PKCS11Error` when no single secret key matches, or it is not a generic secret.
    public init(_ uri: PKCS11URI, in token: PKCS11Token) throws(PKCS11Error) {
        guard uri.namesObject else { throw .unsupportedKey(uri: uri.text, reason: "the URI names no object (object= or id=)") }
        if let type = uri.type, type != .secretKey {
            throw .unsupportedKey(uri: uri.text, reason: "type=\(type.rawValue) names no secret key")
        }
        let handle = try token.object(uri, objectClass: CK_OBJECT_CLASS(CKO_SECRET_KEY))
        let keyType = try token.ulongAttribute(CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), of: handle, name: "CKA_KEY_TYPE of \(uri)")
        guard keyType == UInt(CKK_GENERIC_SECRET) else {
            throw .unsupportedKey(uri: uri.text, reason: "card fingerprints take a generic secret key (CKK_GENERIC_SECRET)")
        }
        self.init(token: token, uri: uri, handle: handle)
    }

    init(token: PKCS11Token, uri: PKCS11URI, handle: CK_OBJECT_HANDLE) {
        self.token = token; self.uri = uri; self.handle = handle
    }

    /// HMAC-SHA256 (RFC 2104) of `message` under the key, computed in the token.
    /// - Returns: the 32-byte MAC.
    /// - Throws: `PKCS11Error.call` when the token refuses.
    public func hmacSHA256(_ message: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        let mac = try token.sign(
            message, mechanism: CK_MECHANISM_TYPE(CKM_SHA256_HMAC), key: handle, doing: "computing an HMAC with \(uri)")
        guard mac.count == 32 else { throw .malformedAttribute(name: "HMAC-SHA256", reason: "\(mac.count) bytes, not 32") }
        return mac
    }
}
