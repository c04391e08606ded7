internal import CPKCS11

extension PKCS11Token {
    /// The handles of the objects of class `objectClass` that match `uri`'s `object`, `id` and `type`.
    /// - Throws: `PKCS11Error.call` when searching fails.
    func objects(matching uri: PKCS11URI, objectClass: CK_OBJECT_CLASS) throws(PKCS11Error) -> [CK_OBJECT_HANDLE] {
        var template = AttributeTemplate()
        template.add(UInt(CKA_CLASS), ulong: objectClass)
        if let object = uri.object { template.add(UInt(CKA_LABEL), bytes: Array(object.utf8)) }
        if let id = uri.id { template.add(UInt(CKA_ID), bytes: id) }
        return try template.withAttributes { attributes, count throws(PKCS11Error) in
            try call { functions, session throws(PKCS11Error) in
                try check(
                    functions.pointee.C_FindObjectsInit(session, attributes, count), "C_FindObjectsInit",
                    doing: "searching token '\(label)' for \(uri)")
                defer { _ = functions.pointee.C_FindObjectsFinal(session) }
                var found: [CK_OBJECT_HANDLE] = []
                var batch = [CK_OBJECT_HANDLE](repeating: 0, count: 16)
                while true {
                    var returned: UInt = 0
                    try check(
                        functions.pointee.C_FindObjects(session, &batch, UInt(batch.count), &returned), "C_FindObjects",
                        doing: "searching token '\(label)' for \(uri)")
                    if returned == 0 { return found }
                    found += batch.prefix(Int(returned))
                }
            }
        }
    }

    /// The one object of class `objectClass` that `uri` names.
    /// - Throws: `PKCS11Error.objectNotFound`, `.unsupportedKey` when the URI names a key of another class,
    ///   `.ambiguousObject`, or a failed call.
    func object(_ uri: PKCS11URI, objectClass: CK_OBJECT_CLASS) throws(PKCS11Error) -> CK_OBJECT_HANDLE {
        let found = try objects(matching: uri, objectClass: objectClass)
        guard found.count == 1 else {
            if found.isEmpty {
                let others: [(CK_OBJECT_CLASS, String)] = [
                    (CK_OBJECT_CLASS(CKO_PRIVATE_KEY), "a private key"),
                    (CK_OBJECT_CLASS(CKO_SECRET_KEY), "a secret key"),
                ]
                for (other, name) in others where other != objectClass {
                    if try !objects(matching: uri, objectClass: other).isEmpty {
                        throw .unsupportedKey(uri: uri.text, reason: "it names \(name), which cannot be used here")
                    }
                }
                throw .objectNotFound(uri: uri.text)
            }
            throw .ambiguousObject(uri: uri.text, count: found.count)
        }
        return found[0]
    }

    /// The value of one attribute of an object; nil when the object has no such attribute.
    /// - Throws: `PKCS11Error.call` for other failures (a sensitive value, for example).
    func attribute(_ type: CK_ATTRIBUTE_TYPE, of object: CK_OBJECT_HANDLE, name: String) throws(PKCS11Error) -> [UInt8]? {
        try call { functions, session throws(PKCS11Error) in
            var attribute = CK_ATTRIBUTE(type: type, pValue: nil, ulValueLen: 0)
            let sized = try check(
                functions.pointee.C_GetAttributeValue(session, object, &attribute, 1), "C_GetAttributeValue",
                doing: "reading the size of \(name)", accepting: [.attributeTypeInvalid])
            if sized == .attributeTypeInvalid { return nil }
            var value = [UInt8](repeating: 0, count: Int(attribute.ulValueLen))
            let status = value.withUnsafeMutableBytes { buffer in
                attribute.pValue = buffer.baseAddress
                defer { attribute.pValue = nil }
                return functions.pointee.C_GetAttributeValue(session, object, &attribute, 1)
            }
            try check(status, "C_GetAttributeValue", doing: "reading \(name)")
            return Array(value.prefix(Int(attribute.ulValueLen)))
        }
    }

    /// A `CK_ULONG` attribute (class, key type).
    func ulongAttribute(_ type: CK_ATTRIBUTE_TYPE, of object: CK_OBJECT_HANDLE, name: String) throws(PKCS11Error) -> UInt? {
        guard let bytes = try attribute(type, of: object, name: name) else { return nil }
        guard bytes.count == MemoryLayout<UInt>.size else {
            throw .malformedAttribute(name: name, reason: "\(bytes.count) bytes, not a CK_ULONG")
        }
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt.self) }
    }

    /// Runs one single-part sign operation (`C_SignInit`, then `C_Sign` asking for the length first).
    func sign(_ data: [UInt8], mechanism: CK_MECHANISM_TYPE, key: CK_OBJECT_HANDLE, doing: String) throws(PKCS11Error) -> [UInt8]
    {
        try call { functions, session throws(PKCS11Error) in
            var mechanism = CK_MECHANISM(mechanism: mechanism, pParameter: nil, ulParameterLen: 0)
            try check(functions.pointee.C_SignInit(session, &mechanism, key), "C_SignInit", doing: doing)
            var input = data
            var length: UInt = 64
            var output = [UInt8](repeating: 0, count: 64)
            let status = functions.pointee.C_Sign(session, &input, UInt(input.count), &output, &length)
            // A single-part C_Sign ends the operation unless the buffer was too small (PKCS#11 §5.2).
            if try check(status, "C_Sign", doing: doing, accepting: [.bufferTooSmall]) == .bufferTooSmall {
                output = [UInt8](repeating: 0, count: Int(length))
                try check(functions.pointee.C_Sign(session, &input, UInt(input.count), &output, &length), "C_Sign", doing: doing)
            }
            return Array(output.prefix(Int(length)))
        }
    }
}
