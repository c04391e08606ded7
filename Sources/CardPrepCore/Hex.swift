/// Lowercase hexadecimal text for bytes.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `bytes` as lowercase hex.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` as lowercase hex to `output`.
    public static func appendLowercase(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count * 2)
        for b in bytes {
            output.append(digits[Int(b >> 4)])
            output.append(digits[Int(b & 0x0f)])
        }
    }

    /// Appends `bytes` as upper-case hex to `output`, as EMV data is usually written.
    public static func appendUppercase(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count * 2)
        for b in bytes {
            output.append(upperDigits[Int(b >> 4)])
            output.append(upperDigits[Int(b & 0x0f)])
        }
    }

    private static let upperDigits = Array("0123456789ABCDEF".utf8)

    /// The bytes of hex `text` (either case), or nil when it is not an even run of hex digits.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// The value of one ASCII hex digit (either case), or nil.
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
