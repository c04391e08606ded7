internal import CPKCS11

/// A signing key in a token: the private key object a URI names, and the public key beside it.
///
/// The private key never leaves the token; `sign` sends the data in and takes the signature out.
public struct PKCS11PrivateKey: Sendable {
    /// The token holding the key.
    public let token: PKCS11Token
    /// The URI the key was found by.
    public let uri: PKCS11URI
    /// The key's algorithm.
    public let kind: PKCS11KeyKind
    /// The public key: 32 bytes for Ed25519, the uncompressed point `04 ‖ X ‖ Y` for P-256.
    public let publicKey: [UInt8]
    let handle: CK_OBJECT_HANDLE

    /// Finds the private key `uri` names and reads its public key from the matching public key object.
    /// - Throws: `PKCS11Error` when no single private key matches, its kind is not Ed25519 or P-256, or no public key
    ///   object with the same label and id is found.
    public init(_ uri: PKCS11URI, in token: PKCS11Token) throws(PKCS11Error) {
        guard uri.namesObject else { throw .unsupportedKey(uri: uri.text, reason: "the URI names no object (object= or id=)") }
        if let type = uri.type, type != .privateKey {
            throw .unsupportedKey(uri: uri.text, reason: "type=\(type.rawValue) names no private key")
        }
        let handle = try token.object(uri, objectClass: CK_OBJECT_CLASS(CKO_PRIVATE_KEY))
        let keyType = try token.ulongAttribute(CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), of: handle, name: "CKA_KEY_TYPE of \(uri)")
        let parameters = try token.attribute(CK_ATTRIBUTE_TYPE(CKA_EC_PARAMS), of: handle, name: "CKA_EC_PARAMS of \(uri)")
        guard let keyType, let parameters, let kind = PKCS11KeyKind.from(keyType: keyType, parameters: parameters) else {
            throw .unsupportedKey(uri: uri.text, reason: "CardPrep signs with Ed25519 and ECDSA P-256 keys only")
        }
        // The public half: the public key object with the private key's own label and id.
        var publicURI = uri
        publicURI.type = .publicKey
        publicURI.object =
            try token.attribute(CK_ATTRIBUTE_TYPE(CKA_LABEL), of: handle, name: "CKA_LABEL of \(uri)")
            .flatMap { String(validating: $0, as: UTF8.self) } ?? uri.object
        publicURI.id = try token.attribute(CK_ATTRIBUTE_TYPE(CKA_ID), of: handle, name: "CKA_ID of \(uri)") ?? uri.id
        let publicKeys = try token.objects(matching: publicURI, objectClass: CK_OBJECT_CLASS(CKO_PUBLIC_KEY))
        guard let publicHandle = publicKeys.first, publicKeys.count == 1 else {
            throw .unsupportedKey(
                uri: uri.text,
                reason: "the token has \(publicKeys.count) public key objects with the private key's label and id, not 1")
        }
        guard let point = try token.attribute(CK_ATTRIBUTE_TYPE(CKA_EC_POINT), of: publicHandle, name: "CKA_EC_POINT of \(uri)"),
            let publicKey = ECParameters.point(fromAttribute: point, length: kind.publicKeyLength)
        else { throw .malformedAttribute(name: "CKA_EC_POINT of \(uri)", reason: "not a \(kind) public key") }
        self.init(token: token, uri: uri, kind: kind, publicKey: publicKey, handle: handle)
    }

    init(token: PKCS11Token, uri: PKCS11URI, kind: PKCS11KeyKind, publicKey: [UInt8], handle: CK_OBJECT_HANDLE) {
        self.token = token; self.uri = uri; self.kind = kind; self.publicKey = publicKey; self.handle = handle
    }

    /// Signs a message with Ed25519 (`CKM_EDDSA`, pure Ed25519 as RFC 8032 defines it).
    /// - Returns: the 64-byte signature.
    /// - Throws: `PKCS11Error.unsupportedKey` for a key of another kind, `.call` when the token refuses.
    public func ed25519Signature(for message: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        guard kind == .ed25519 else { throw .unsupportedKey(uri: uri.text, reason: "it is a \(kind) key, not Ed25519") }
        let signature = try token.sign(
            message, mechanism: CK_MECHANISM_TYPE(CKM_EDDSA), key: handle, doing: "signing with \(uri)")
        guard signature.count == 64 else {
            throw .malformedAttribute(name: "EdDSA signature", reason: "\(signature.count) bytes, not 64")
        }
        return signature
    }

    /// Signs a SHA-256 digest with ECDSA P-256 (`CKM_ECDSA`: the token does not hash).
    /// - Returns: r ‖ s, 32 big-endian bytes each, as PKCS#11 returns an ECDSA signature.
    /// - Throws: `PKCS11Error.unsupportedKey` for a key of another kind, `.call` when the token refuses.
    public func ecdsaSignature(forDigest digest: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        guard kind == .ecdsaP256 else { throw .unsupportedKey(uri: uri.text, reason: "it is a \(kind) key, not ECDSA P-256") }
        let signature = try token.sign(digest, mechanism: CK_MECHANISM_TYPE(CKM_ECDSA), key: handle, doing: "signing with \(uri)")
        guard signature.count == 64 else {
            throw .malformedAttribute(name: "ECDSA signature", reason: "\(signature.count) bytes, not 64")
        }
        return signature
    }
}
