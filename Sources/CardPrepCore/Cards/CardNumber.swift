/// Rules on primary account numbers and other card numbers that hold for every programme.
public enum CardNumber {
    /// Whether `digits` passes the Luhn (ISO/IEC 7812-1 annex B) check.
    /// - Parameter digits: the number as ASCII digits; any other character makes it fail.
    public static func passesLuhn<S: StringProtocol>(_ digits: S) -> Bool {
        var sum = 0
        var double = false
        var count = 0
        for byte in digits.utf8.reversed() {
            guard (0x30...0x39).contains(byte) else { return false }
            var v = Int(byte - 0x30)
            if double { v *= 2; if v > 9 { v -= 9 } }
            sum += v
            double.toggle()
            count += 1
        }
        return count > 1 && sum % 10 == 0
    }

    /// The Luhn check digit that completes `payload`.
    /// - Parameter payload: the number without its check digit, as ASCII digits.
    public static func luhnCheckDigit<S: StringProtocol>(for payload: S) -> Character {
        var sum = 0
        var double = true
        for scalar in payload.unicodeScalars.reversed() {
            var v = Int(scalar.value) - 48
            if double { v *= 2; if v > 9 { v -= 9 } }
            sum += v
            double.toggle()
        }
        return Character(String((10 - sum % 10) % 10))
    }

    /// The card number masked for display: the first six and the last four digits, the rest as `*`.
    /// Numbers shorter than 11 characters are masked whole but for their last four.
    public static func masked(_ number: String) -> String {
        var number = number
        let digitsOnly = number.withUTF8 { bytes -> String? in
            guard bytes.count >= 11, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { masked in
                for index in bytes.indices {
                    masked[index] = index < 6 || index >= bytes.count - 4 ? bytes[index] : UInt8(ascii: "*")
                }
                return bytes.count
            }
        }
        return digitsOnly ?? masked(number[...])
    }

    /// Appends ``masked(_:)-(String)`` of `number`, as UTF-8, to `output`.
    public static func appendMasked(_ number: String, to output: inout [UInt8]) {
        var number = number
        let done = number.withUTF8 { bytes -> Bool in
            guard bytes.count >= 11, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
            for index in bytes.indices {
                output.append(index < 6 || index >= bytes.count - 4 ? bytes[index] : UInt8(ascii: "*"))
            }
            return true
        }
        if !done { output += masked(number).utf8 }
    }

    /// The card number masked for display, as for a `String`: the first six and the last four, the rest as `*`.
    public static func masked<S: StringProtocol>(_ number: S) -> String {
        let utf8 = number.utf8
        if utf8.count >= 11, utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            // Digits only (as card numbers are): each character is one byte.
            var masked = Array(utf8)
            for index in 6..<(masked.count - 4) { masked[index] = UInt8(ascii: "*") }
            return String(decoding: masked, as: UTF8.self)
        }
        let chars = Array(number)
        if chars.count >= 11 {
            return String(chars[0..<6]) + String(repeating: "*", count: chars.count - 10) + String(chars[(chars.count - 4)...])
        }
        let keep = min(4, max(0, chars.count - 4))
        return String(repeating: "*", count: chars.count - keep) + String(chars[(chars.count - keep)...])
    }
}
