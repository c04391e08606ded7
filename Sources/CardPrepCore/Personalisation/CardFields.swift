/// Checks of the card fields every encoding shares. Internal: the encoders call them before writing anything.
enum CardFields {
    /// The lengths a card number may have: ISO/IEC 7812-1 allows at most 19 digits; fewer than 8 is taken as
    /// a truncated value rather than a card number.
    static let panLengths = 8...19

    /// Throws unless `pan` is 8 to 19 ASCII digits. Luhn is not checked here: acceptance checks it, and the
    /// encodings are the same for a number that fails it.
    static func checkPAN(_ pan: String) throws(PersonalisationError) {
        if CardNumberFormat(of: pan) == .separators {
            throw .panHasSeparators(masked: CardNumber.masked(CardNumberFormat.digits(of: pan)))
        }
        guard panLengths.contains(pan.utf8.count), isDigits(pan) else {
            throw .invalidPAN(masked: CardNumber.masked(pan))
        }
    }

    /// Throws unless `expiry` is `YYMM` with a month from 01 to 12; returns the year (00–99) and month.
    @discardableResult
    static func checkExpiry(_ expiry: String) throws(PersonalisationError) -> (year: Int, month: Int) {
        var text = expiry
        let parts = text.withUTF8 { digits -> (year: Int, month: Int)? in
            guard digits.count == 4, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            let year = Int(digits[0] &- 0x30) * 10 + Int(digits[1] &- 0x30)
            let month = Int(digits[2] &- 0x30) * 10 + Int(digits[3] &- 0x30)
            return (1...12).contains(month) ? (year, month) : nil
        }
        guard let parts else { throw .invalidExpiry }
        return parts
    }

    /// Throws unless `code` is three ASCII digits.
    static func checkServiceCode(_ code: String) throws(PersonalisationError) {
        guard code.utf8.count == 3, isDigits(code) else { throw .invalidServiceCode }
    }

    /// Throws at the first character of `text` (counting from 1) that `allowed` refuses.
    static func checkCharacters(
        _ text: String, field: PersonalisationField, allowed: (Unicode.Scalar) -> Bool
    ) throws(PersonalisationError) {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            // ASCII without CR (which joins a following LF into one character): each character is one byte.
            for (index, byte) in utf8.enumerated() where !allowed(Unicode.Scalar(byte)) {
                throw .invalidCharacter(field: field, position: index + 1)
            }
            return
        }
        for (index, character) in text.enumerated() {
            guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first, allowed(scalar) else {
                throw .invalidCharacter(field: field, position: index + 1)
            }
        }
    }

    /// Whether `text` is ASCII digits only (and not empty), read as contiguous bytes.
    static func isDigits(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard !bytes.isEmpty else { return false }
            var nonDigits: UInt8 = 0
            for byte in bytes { nonDigits |= (byte &- 0x30) > 9 ? 1 : 0 }
            return nonDigits == 0
        }
    }

    /// The number of days in `month` of the year 2000 + `year` (two-digit years are read as 20YY).
    static func daysInMonth(_ month: Int, twoDigitYear year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 ? 29 : 28  // 2000 is a leap year, so within 2000–2099 every fourth year is one
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `value` as decimal digits, zero-padded on the left to `width`.
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
