internal import CPKCS11

/// An issuer's card verification key (CVK, the double-length DES key A|B of the Visa CVV method) in a token: its
/// values never leave the token, which does every DES operation (`CKM_DES3_ECB`).
///
/// The method needs single DES under the left half A as well as triple DES under A|B, and PKCS#11 has no
/// mechanism for DES under half of a key. So the token holds the key twice: `object=<label>` is A|B (`CKK_DES2`),
/// and `object=<label>.A` is A|A (`CKK_DES2`), whose triple DES is single DES under A (encrypt A, decrypt A,
/// encrypt A). ``PKCS11Token/importCardVerificationKey(_:value:)`` makes both from one key.
public struct PKCS11CardVerificationKey: Sendable {
    /// The token holding the key.
    public let token: PKCS11Token
    /// The URI the key was found by.
    public let uri: PKCS11URI
    let pair: CK_OBJECT_HANDLE
    let left: CK_OBJECT_HANDLE

    /// The label of the object holding A|A beside the key `label`.
    public static func leftHalfLabel(_ label: String) -> String { label + ".A" }

    /// Finds the key `uri` names (by its `object` label) and its left half beside it.
    /// - Throws: `PKCS11Error` when either is missing or ambiguous, or is not a double-length DES key.
    public init(_ uri: PKCS11URI, in token: PKCS11Token) throws(PKCS11Error) {
        guard let label = uri.object else {
            throw .unsupportedKey(uri: uri.text, reason: "a card verification key is named by its label: object=…")
        }
        var leftURI = uri
        leftURI.object = Self.leftHalfLabel(label)
        leftURI.id = nil
        var handles: [CK_OBJECT_HANDLE] = []
        for candidate in [uri, leftURI] {
            let handle = try token.object(candidate, objectClass: CK_OBJECT_CLASS(CKO_SECRET_KEY))
            let type = try token.ulongAttribute(CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), of: handle, name: "CKA_KEY_TYPE of \(candidate)")
            guard type == UInt(CKK_DES2) || type == UInt(CKK_DES3) else {
                throw .unsupportedKey(
                    uri: candidate.text, reason: "a card verification key is a double-length DES key (CKK_DES2)")
            }
            handles.append(handle)
        }
        self.init(token: token, uri: uri, pair: handles[0], left: handles[1])
    }

    init(token: PKCS11Token, uri: PKCS11URI, pair: CK_OBJECT_HANDLE, left: CK_OBJECT_HANDLE) {
        self.token = token; self.uri = uri; self.pair = pair; self.left = left
    }

    /// `block` (8 bytes) under single DES with A, in the token.
    /// - Throws: `PKCS11Error.call` when the token refuses.
    public func encryptUnderLeftHalf(_ block: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        try token.encryptBlock(block, key: left, doing: "encrypting with the left half of \(uri)")
    }

    /// `block` (8 bytes) under two-key triple DES with A|B, in the token.
    /// - Throws: `PKCS11Error.call` when the token refuses.
    public func encryptTripleDES(_ block: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        try token.encryptBlock(block, key: pair, doing: "encrypting with \(uri)")
    }
}

extension PKCS11Token {
    /// Creates a card verification key A|B from its 16 bytes, with its left half A|A beside it (see
    /// ``PKCS11CardVerificationKey``): token objects, private, sensitive, never extractable, allowed to encrypt only.
    /// - Throws: `PKCS11Error.objectExists` when either label is taken, `.call` when the token refuses.
    public func importCardVerificationKey(_ uri: PKCS11URI, value: [UInt8]) throws(PKCS11Error) -> PKCS11CardVerificationKey {
        guard value.count == 16 else {
            throw .malformedAttribute(name: "card verification key", reason: "\(value.count) bytes, not 16 (A|B)")
        }
        guard let label = uri.object else {
            throw .unsupportedKey(uri: uri.text, reason: "a new card verification key needs a label: object=…")
        }
        var leftURI = uri
        leftURI.object = PKCS11CardVerificationKey.leftHalfLabel(label)
        leftURI.id = nil
        for candidate in [uri, leftURI] {
            var byLabel = candidate
            byLabel.id = nil
            for objectClass in [CKO_SECRET_KEY, CKO_PRIVATE_KEY]
            where try !objects(matching: byLabel, objectClass: CK_OBJECT_CLASS(objectClass)).isEmpty {
                throw .objectExists(uri: candidate.text)
            }
        }
        let pair = try createDES2Key(label: label, id: uri.id ?? [], value: value, describing: uri)
        let half = Array(value[0..<8])
        let left = try createDES2Key(label: leftURI.object ?? label, id: [], value: half + half, describing: leftURI)
        return PKCS11CardVerificationKey(token: self, uri: uri, pair: pair, left: left)
    }

    /// A double-length DES key object made from `value`.
    private func createDES2Key(label: String, id: [UInt8], value: [UInt8], describing uri: PKCS11URI) throws(PKCS11Error)
        -> CK_OBJECT_HANDLE
    {
        var template = AttributeTemplate()
        template.add(UInt(CKA_CLASS), ulong: UInt(CKO_SECRET_KEY))
        template.add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_DES2))
        template.add(UInt(CKA_TOKEN), bool: true)
        template.add(UInt(CKA_PRIVATE), bool: true)
        template.add(UInt(CKA_SENSITIVE), bool: true)
        template.add(UInt(CKA_EXTRACTABLE), bool: false)
        template.add(UInt(CKA_ENCRYPT), bool: true)
        template.add(UInt(CKA_LABEL), bytes: Array(label.utf8))
        if !id.isEmpty { template.add(UInt(CKA_ID), bytes: id) }
        // DES ignores each byte's lowest bit; tokens may insist it makes the byte's parity odd.
        template.add(
            UInt(CKA_VALUE), bytes: value.map { byte in (byte & 0xFE) | ((byte & 0xFE).nonzeroBitCount % 2 == 0 ? 1 : 0) })
        return try template.withAttributes { attributes, count throws(PKCS11Error) in
            try call { functions, session throws(PKCS11Error) in
                var handle: CK_OBJECT_HANDLE = 0
                try check(
                    functions.pointee.C_CreateObject(session, attributes, count, &handle), "C_CreateObject",
                    doing: "creating card verification key \(uri)")
                return handle
            }
        }
    }

    /// One 8-byte block encrypted with `CKM_DES3_ECB` under `key`.
    func encryptBlock(_ block: [UInt8], key: CK_OBJECT_HANDLE, doing: String) throws(PKCS11Error) -> [UInt8] {
        guard block.count == 8 else { throw .malformedAttribute(name: "DES block", reason: "\(block.count) bytes, not 8") }
        return try call { functions, session throws(PKCS11Error) in
            var mechanism = CK_MECHANISM(mechanism: CK_MECHANISM_TYPE(CKM_DES3_ECB), pParameter: nil, ulParameterLen: 0)
            try check(functions.pointee.C_EncryptInit(session, &mechanism, key), "C_EncryptInit", doing: doing)
            var input = block
            var output = [UInt8](repeating: 0, count: 8)
            var length: UInt = 8
            try check(functions.pointee.C_Encrypt(session, &input, 8, &output, &length), "C_Encrypt", doing: doing)
            guard length == 8 else { throw .malformedAttribute(name: "DES block", reason: "\(length) bytes came back, not 8") }
            return output
        }
    }
}
