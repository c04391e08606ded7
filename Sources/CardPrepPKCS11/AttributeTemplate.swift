internal import CPKCS11

/// A list of PKCS#11 attributes with their values, laid out as a `CK_ATTRIBUTE` array only for the length of
/// one call, so no pointer outlives the values it points into.
struct AttributeTemplate {
    private var entries: [(type: UInt, value: [UInt8])] = []

    init() {}

    /// Adds an attribute with raw bytes (labels, ids, DER parameters, key values).
    mutating func add(_ type: UInt, bytes: [UInt8]) { entries.append((type, bytes)) }

    /// Adds a `CK_BBOOL` attribute.
    mutating func add(_ type: UInt, bool: Bool) { entries.append((type, [bool ? UInt8(CK_TRUE) : UInt8(CK_FALSE)])) }

    /// Adds a `CK_ULONG` attribute (object classes, key types).
    mutating func add(_ type: UInt, ulong: UInt) { entries.append((type, withUnsafeBytes(of: ulong) { Array($0) })) }

    /// Calls `body` with a `CK_ATTRIBUTE` array valid for the call only.
    func withAttributes<R>(_ body: (UnsafeMutablePointer<CK_ATTRIBUTE>?, UInt) throws(PKCS11Error) -> R) throws(PKCS11Error) -> R
    {
        let total = entries.reduce(0) { $0 + $1.value.count }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 8)
        let attributes = UnsafeMutablePointer<CK_ATTRIBUTE>.allocate(capacity: max(entries.count, 1))
        defer {
            storage.initializeMemory(as: UInt8.self, repeating: 0)  // values may be key bytes or a PIN
            storage.deallocate()
            attributes.deallocate()
        }
        var offset = 0
        for (index, entry) in entries.enumerated() {
            let start = storage.baseAddress! + offset
            entry.value.withUnsafeBytes { source in
                if let base = source.baseAddress { start.copyMemory(from: base, byteCount: source.count) }
            }
            (attributes + index).initialize(
                to: CK_ATTRIBUTE(type: entry.type, pValue: start, ulValueLen: UInt(entry.value.count)))
            offset += entry.value.count
        }
        return try body(entries.isEmpty ? nil : attributes, UInt(entries.count))
    }
}
