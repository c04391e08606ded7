internal import CPKCS11

extension PKCS11Token {
    /// Generates a key pair in the token under `uri`'s `object` label (and `id`, or a random 16-byte id).
    ///
    /// The private key is a token object, private, sensitive and never extractable, allowed to sign only;
    /// the public key is a token object allowed to verify.
    /// - Returns: the new private key.
    /// - Throws: `PKCS11Error.objectExists` when a key with that label or id is there already, `.call` when the
    ///   token refuses (for example a token without Ed25519).
    public func generateKeyPair(_ uri: PKCS11URI, kind: PKCS11KeyKind) throws(PKCS11Error) -> PKCS11PrivateKey {
        let id = try newObjectIdentity(uri)
        var publicTemplate = AttributeTemplate()
        var privateTemplate = AttributeTemplate()
        for template in [0, 1] {
            var attributes = AttributeTemplate()
            attributes.add(UInt(CKA_TOKEN), bool: true)
            attributes.add(UInt(CKA_LABEL), bytes: Array(id.label.utf8))
            attributes.add(UInt(CKA_ID), bytes: id.id)
            if template == 0 {
                attributes.add(UInt(CKA_EC_PARAMS), bytes: kind.curveParameters)
                attributes.add(UInt(CKA_VERIFY), bool: true)
                publicTemplate = attributes
            } else {
                attributes.add(UInt(CKA_PRIVATE), bool: true)
                attributes.add(UInt(CKA_SENSITIVE), bool: true)
                attributes.add(UInt(CKA_EXTRACTABLE), bool: false)
                attributes.add(UInt(CKA_SIGN), bool: true)
                privateTemplate = attributes
            }
        }
        let mechanismType = CK_MECHANISM_TYPE(kind == .ed25519 ? CKM_EC_EDWARDS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN)
        try publicTemplate.withAttributes { publicAttributes, publicCount throws(PKCS11Error) in
            try privateTemplate.withAttributes { privateAttributes, privateCount throws(PKCS11Error) in
                try call { functions, session throws(PKCS11Error) in
                    var mechanism = CK_MECHANISM(mechanism: mechanismType, pParameter: nil, ulParameterLen: 0)
                    var publicHandle: CK_OBJECT_HANDLE = 0, privateHandle: CK_OBJECT_HANDLE = 0
                    try check(
                        functions.pointee.C_GenerateKeyPair(
                            session, &mechanism, publicAttributes, publicCount, privateAttributes, privateCount,
                            &publicHandle, &privateHandle), "C_GenerateKeyPair", doing: "generating a \(kind) key pair for \(uri)"
                    )
                }
            }
        }
        return try PKCS11PrivateKey(id.uri, in: self)
    }

    /// Generates a 32-byte generic secret key inside the token (`CKM_GENERIC_SECRET_KEY_GEN`), sensitive and not
    /// extractable, allowed to sign (HMAC) only. Its bytes exist nowhere else: there is no backup but the token's own.
    /// - Returns: the new secret key.
    /// - Throws: `PKCS11Error.objectExists` when a key with that label or id is there already, `.call` when the
    ///   token refuses.
    public func generateSecretKey(_ uri: PKCS11URI) throws(PKCS11Error) -> PKCS11SecretKey {
        let id = try newObjectIdentity(uri)
        var template = secretKeyTemplate(label: id.label, id: id.id)
        template.add(UInt(CKA_VALUE_LEN), ulong: 32)
        let handle = try template.withAttributes { attributes, count throws(PKCS11Error) in
            try call { functions, session throws(PKCS11Error) in
                var mechanism = CK_MECHANISM(
                    mechanism: CK_MECHANISM_TYPE(CKM_GENERIC_SECRET_KEY_GEN), pParameter: nil, ulParameterLen: 0)
                var handle: CK_OBJECT_HANDLE = 0
                try check(
                    functions.pointee.C_GenerateKey(session, &mechanism, attributes, count, &handle), "C_GenerateKey",
                    doing: "generating secret key \(uri)")
                return handle
            }
        }
        return PKCS11SecretKey(token: self, uri: id.uri, handle: handle)
    }

    /// A token object's template for a generic secret: private, sensitive, never extractable, HMAC only.
    private func secretKeyTemplate(label: String, id: [UInt8]) -> AttributeTemplate {
        var template = AttributeTemplate()
        template.add(UInt(CKA_CLASS), ulong: UInt(CKO_SECRET_KEY))
        template.add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_GENERIC_SECRET))
        template.add(UInt(CKA_TOKEN), bool: true)
        template.add(UInt(CKA_PRIVATE), bool: true)
        template.add(UInt(CKA_SENSITIVE), bool: true)
        template.add(UInt(CKA_EXTRACTABLE), bool: false)
        template.add(UInt(CKA_SIGN), bool: true)
        template.add(UInt(CKA_VERIFY), bool: true)
        template.add(UInt(CKA_LABEL), bytes: Array(label.utf8))
        template.add(UInt(CKA_ID), bytes: id)
        return template
    }

    /// Creates a generic secret key from known bytes, for moving an existing fingerprint key into the token.
    ///
    /// The key is created sensitive and not extractable, allowed to sign (HMAC) only: from then on its bytes
    /// cannot be read back out of the token. Keep the file it came from offline, as a backup, or destroy it.
    /// - Returns: the new secret key.
    /// - Throws: `PKCS11Error.objectExists` when a key with that label or id is there already, `.call` when the
    ///   token refuses.
    public func importSecretKey(_ uri: PKCS11URI, value: [UInt8]) throws(PKCS11Error) -> PKCS11SecretKey {
        let id = try newObjectIdentity(uri)
        var template = secretKeyTemplate(label: id.label, id: id.id)
        template.add(UInt(CKA_VALUE), bytes: value)
        let handle = try template.withAttributes { attributes, count throws(PKCS11Error) in
            try call { functions, session throws(PKCS11Error) in
                var handle: CK_OBJECT_HANDLE = 0
                try check(
                    functions.pointee.C_CreateObject(session, attributes, count, &handle), "C_CreateObject",
                    doing: "creating secret key \(uri)")
                return handle
            }
        }
        return PKCS11SecretKey(token: self, uri: id.uri, handle: handle)
    }

    /// Whether the secret key's value can be read out of the token (`CKA_EXTRACTABLE` or not `CKA_SENSITIVE`).
    public func isReadable(_ key: PKCS11SecretKey) throws(PKCS11Error) -> Bool {
        let extractable = try attribute(CK_ATTRIBUTE_TYPE(CKA_EXTRACTABLE), of: key.handle, name: "CKA_EXTRACTABLE")
        let sensitive = try attribute(CK_ATTRIBUTE_TYPE(CKA_SENSITIVE), of: key.handle, name: "CKA_SENSITIVE")
        return extractable != [UInt8(CK_FALSE)] || sensitive != [UInt8(CK_TRUE)]
    }

    /// The label and id of a new object, after checking that no key has either.
    private func newObjectIdentity(_ uri: PKCS11URI) throws(PKCS11Error) -> (label: String, id: [UInt8], uri: PKCS11URI) {
        guard let label = uri.object else { throw .unsupportedKey(uri: uri.text, reason: "a new key needs a label: object=…") }
        for objectClass in [CKO_PRIVATE_KEY, CKO_PUBLIC_KEY, CKO_SECRET_KEY] {
            var byLabel = uri
            byLabel.id = nil
            if try !objects(matching: byLabel, objectClass: CK_OBJECT_CLASS(objectClass)).isEmpty {
                throw .objectExists(uri: uri.text)
            }
            var byID = uri
            byID.object = nil
            if uri.id != nil, try !objects(matching: byID, objectClass: CK_OBJECT_CLASS(objectClass)).isEmpty {
                throw .objectExists(uri: uri.text)
            }
        }
        var generator = SystemRandomNumberGenerator()
        let id = uri.id ?? (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        var named = uri
        named.id = id
        named.type = nil
        return (label, id, named)
    }
}
