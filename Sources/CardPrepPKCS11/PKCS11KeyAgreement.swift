internal import CPKCS11

extension PKCS11PrivateKey {
    /// ECDH on P-256 in the token (`CKM_ECDH1_DERIVE` with `CKD_NULL`): the private key never leaves it.
    ///
    /// The token derives a session object (a generic secret, not kept on the token, readable by the caller), its
    /// value is read, and the object is destroyed at once.
    /// - Parameter peer: the other party's public key, the uncompressed point `04 ‖ X ‖ Y` (65 bytes).
    /// - Returns: the x-coordinate of the shared point, 32 bytes.
    /// - Throws: `PKCS11Error.unsupportedKey` for a key that is not P-256, `.call` when the token refuses (a token may
    ///   refuse a key made without `CKA_DERIVE`: `CKR_KEY_FUNCTION_NOT_PERMITTED`; SoftHSM 2.6.1 does not check it).
    public func p256SharedSecret(withPeer peer: [UInt8]) throws(PKCS11Error) -> [UInt8] {
        guard kind == .ecdsaP256 else { throw .unsupportedKey(uri: uri.text, reason: "it is a \(kind) key, not P-256") }
        guard peer.count == 65, peer.first == 0x04 else {
            throw .malformedAttribute(name: "ECDH peer point", reason: "\(peer.count) bytes, not an uncompressed P-256 point")
        }
        var template = AttributeTemplate()
        template.add(UInt(CKA_CLASS), ulong: UInt(CKO_SECRET_KEY))
        template.add(UInt(CKA_KEY_TYPE), ulong: UInt(CKK_GENERIC_SECRET))
        template.add(UInt(CKA_TOKEN), bool: false)
        template.add(UInt(CKA_SENSITIVE), bool: false)
        template.add(UInt(CKA_EXTRACTABLE), bool: true)
        template.add(UInt(CKA_VALUE_LEN), ulong: 32)
        let doing = "deriving an ECDH secret with \(uri)"
        let handle = self.handle
        let secret = try template.withAttributes { attributes, count throws(PKCS11Error) in
            try token.call { functions, session throws(PKCS11Error) in
                var point = peer
                var derived: CK_OBJECT_HANDLE = 0
                let status = point.withUnsafeMutableBufferPointer { buffer in
                    var parameters = CK_ECDH1_DERIVE_PARAMS(
                        kdf: UInt(CKD_NULL), ulSharedDataLen: 0, pSharedData: nil,
                        ulPublicDataLen: UInt(buffer.count), pPublicData: buffer.baseAddress)
                    return withUnsafeMutablePointer(to: &parameters) { pointer in
                        var mechanism = CK_MECHANISM(
                            mechanism: CK_MECHANISM_TYPE(CKM_ECDH1_DERIVE), pParameter: pointer,
                            ulParameterLen: UInt(MemoryLayout<CK_ECDH1_DERIVE_PARAMS>.size))
                        return functions.pointee.C_DeriveKey(session, &mechanism, handle, attributes, count, &derived)
                    }
                }
                try token.check(status, "C_DeriveKey", doing: doing)
                defer { _ = functions.pointee.C_DestroyObject(session, derived) }
                var value = [UInt8](repeating: 0, count: 32)
                let read = value.withUnsafeMutableBytes { buffer in
                    var attribute = CK_ATTRIBUTE(
                        type: CK_ATTRIBUTE_TYPE(CKA_VALUE), pValue: buffer.baseAddress, ulValueLen: UInt(buffer.count))
                    let status = functions.pointee.C_GetAttributeValue(session, derived, &attribute, 1)
                    return (status, Int(attribute.ulValueLen))
                }
                try token.check(read.0, "C_GetAttributeValue", doing: doing)
                guard read.1 == 32 else { throw .malformedAttribute(name: "ECDH secret", reason: "\(read.1) bytes, not 32") }
                return value
            }
        }
        return secret
    }
}
