internal import CPKCS11

/// A slot with a token present, and what a PKCS#11 URI can say about it.
struct TokenSlot {
    let id: CK_SLOT_ID
    let label: String
    let manufacturer: String
    let model: String
    let serial: String
    let slotDescription: String
    let slotManufacturer: String

    /// The one slot whose token matches `uri`'s token, slot and library attributes.
    /// - Throws: `PKCS11Error.tokenNotFound` or `.ambiguousToken`, or a failed call.
    static func find(_ uri: PKCS11URI, in module: PKCS11Module) throws(PKCS11Error) -> TokenSlot {
        if uri.libraryManufacturer != nil || uri.libraryDescription != nil || uri.libraryVersion != nil {
            let info = try module.info()
            let version = "\(info.version.0).\(info.version.1)"
            let matches =
                uri.libraryManufacturer.map { $0 == info.manufacturer } ?? true
                && uri.libraryDescription.map { $0 == info.description } ?? true
                && uri.libraryVersion.map { $0 == version || $0 == "\(info.version.0)" } ?? true
            guard matches else { throw .tokenNotFound(uri: uri.text, present: ["(module \(info.description) \(version))"]) }
        }
        let slots = try all(in: module)
        let matching = slots.filter { $0.matches(uri) }
        guard matching.count == 1 else {
            if matching.isEmpty { throw .tokenNotFound(uri: uri.text, present: slots.map(\.name)) }
            throw .ambiguousToken(uri: uri.text, matches: matching.map(\.name))
        }
        return matching[0]
    }

    /// A name for messages: label, serial and slot.
    var name: String { "'\(label)' (serial \(serial), slot \(id))" }

    private func matches(_ uri: PKCS11URI) -> Bool {
        (uri.token.map { $0 == label } ?? true)
            && (uri.manufacturer.map { $0 == manufacturer } ?? true)
            && (uri.model.map { $0 == model } ?? true)
            && (uri.serial.map { $0 == serial } ?? true)
            && (uri.slotID.map { $0 == id } ?? true)
            && (uri.slotDescription.map { $0 == slotDescription } ?? true)
            && (uri.slotManufacturer.map { $0 == slotManufacturer } ?? true)
    }

    private static func all(in module: PKCS11Module) throws(PKCS11Error) -> [TokenSlot] {
        let functions = module.functions
        var count: UInt = 0
        let present = CK_BBOOL(CK_TRUE)
        try module.check(functions.pointee.C_GetSlotList(present, nil, &count), "C_GetSlotList", doing: "counting the slots")
        var ids = [CK_SLOT_ID](repeating: 0, count: Int(count))
        try module.check(functions.pointee.C_GetSlotList(present, &ids, &count), "C_GetSlotList", doing: "listing the slots")
        var slots: [TokenSlot] = []
        for id in ids.prefix(Int(count)) {
            var slot = CK_SLOT_INFO()
            try module.check(functions.pointee.C_GetSlotInfo(id, &slot), "C_GetSlotInfo", doing: "reading slot \(id)")
            var token = CK_TOKEN_INFO()
            try module.check(
                functions.pointee.C_GetTokenInfo(id, &token), "C_GetTokenInfo", doing: "reading the token in slot \(id)")
            slots.append(
                TokenSlot(
                    id: id, label: PaddedText.string(token.label), manufacturer: PaddedText.string(token.manufacturerID),
                    model: PaddedText.string(token.model), serial: PaddedText.string(token.serialNumber),
                    slotDescription: PaddedText.string(slot.slotDescription),
                    slotManufacturer: PaddedText.string(slot.manufacturerID)))
        }
        return slots
    }
}
