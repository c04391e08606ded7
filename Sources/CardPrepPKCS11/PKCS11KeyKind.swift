/// The kinds of signing key CardPrep keeps in a token.
public enum PKCS11KeyKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Ed25519 (`CKK_EC_EDWARDS` on edwards25519), signing with `CKM_EDDSA`.
    case ed25519
    /// ECDSA on NIST P-256 (`CKK_EC` on prime256v1), signing a SHA-256 digest with `CKM_ECDSA`.
    case ecdsaP256 = "ecdsa-p256"

    public var description: String { rawValue }

    /// `CKA_EC_PARAMS` for a new key: the curve's OID, DER-encoded.
    var curveParameters: [UInt8] {
        switch self {
        case .ed25519: ECParameters.ed25519OID
        case .ecdsaP256: ECParameters.p256OID
        }
    }

    /// Which kind `CKA_KEY_TYPE` and `CKA_EC_PARAMS` describe, or nil for any other key.
    static func from(keyType: UInt, parameters: [UInt8]) -> PKCS11KeyKind? {
        switch keyType {
        case 0x40 where parameters == ECParameters.ed25519OID || parameters == ECParameters.ed25519Name: .ed25519
        case 0x3 where parameters == ECParameters.p256OID: .ecdsaP256
        default: nil
        }
    }

    /// The public key's length once unwrapped from `CKA_EC_POINT`: 32 bytes, or an uncompressed point of 65.
    var publicKeyLength: Int { self == .ed25519 ? 32 : 65 }
}

/// The DER encodings of `CKA_EC_PARAMS` and `CKA_EC_POINT` CardPrep reads and writes.
enum ECParameters {
    /// OBJECT IDENTIFIER 1.2.840.10045.3.1.7 (prime256v1, NIST P-256).
    static let p256OID: [UInt8] = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
    /// OBJECT IDENTIFIER 1.3.101.112 (id-Ed25519, RFC 8410).
    static let ed25519OID: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]
    /// PrintableString "edwards25519", which PKCS#11 3.0 also allows and some tools write.
    static let ed25519Name: [UInt8] = [0x13, 0x0C] + Array("edwards25519".utf8)

    /// The point inside `CKA_EC_POINT`, which PKCS#11 wraps in a DER OCTET STRING (some modules do not).
    static func point(fromAttribute value: [UInt8], length: Int) -> [UInt8]? {
        if value.count == length + 2, value[0] == 0x04, Int(value[1]) == length { return Array(value.dropFirst(2)) }
        if value.count == length { return value }
        return nil
    }
}
