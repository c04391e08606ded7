/// Base64 as age uses it: standard alphabet, strictly canonical, padded or not as the context says.
enum AgeBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    /// Encodes `bytes`, with `=` padding when `padded`.
    static func encode(_ bytes: some Collection<UInt8>, padded: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next(), b2 = b1 == nil ? nil : iterator.next()
            let group = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            let count = b1 == nil ? 2 : (b2 == nil ? 3 : 4)
            for index in 0..<4 {
                if index < count {
                    out.append(alphabet[Int(group >> (18 - 6 * UInt32(index)) & 0x3F)])
                } else if padded {
                    out.append(UInt8(ascii: "="))
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes canonical base64: no characters outside the alphabet, zero unused trailing bits, and padding
    /// exactly when `padded` (then the length is a multiple of four).
    /// - Returns: the bytes, or nil when the text is not canonical.
    static func decode(_ text: some Collection<UInt8>, padded: Bool = false) -> [UInt8]? {
        var chars = Array(text)
        if padded {
            guard chars.count % 4 == 0 else { return nil }
            var padding = 0
            while padding < 2, chars.last == UInt8(ascii: "=") { chars.removeLast(); padding += 1 }
            if padding > 0, chars.count % 4 == 0 { return nil }
        }
        guard chars.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var accumulator: UInt32 = 0, bits = 0
        for char in chars {
            let value = values[Int(char)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        guard accumulator == 0 else { return nil }
        return out
    }
}
