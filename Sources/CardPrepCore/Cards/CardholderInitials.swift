/// A cardholder's initials (`J.D.` for "JOHN DOE"): all that CardPrep keeps of a name once the card is made, to tell
/// cards with the same masked number apart.
public enum CardholderInitials {
    /// The first letter of each word of `name`, upper-cased, each followed by a dot. Words are separated by spaces, `/`,
    /// `,` or `-` (`DOE/JOHN` gives `D.J.`); characters that are not letters start no initial.
    public static func of<S: StringProtocol>(_ name: S) -> String {
        var initials: [UInt8] = []
        append(name, to: &initials)
        return String(decoding: initials, as: UTF8.self)
    }

    /// Appends what ``of(_:)`` gives for `name`, as UTF-8, to `output`.
    public static func append(_ name: String, to output: inout [UInt8]) {
        var name = name
        let start = output.count
        if name.withUTF8({ appendLatin($0, to: &output) }) { return }
        output.removeSubrange(start...)
        appendByCharacters(name, to: &output)
    }

    /// Appends what ``of(_:)`` gives for `name`, as UTF-8, to `output`.
    public static func append<S: StringProtocol>(_ name: S, to output: inout [UInt8]) {
        let start = output.count
        if appendLatin(name.utf8, to: &output) { return }
        output.removeSubrange(start...)
        appendByCharacters(name, to: &output)
    }

    private static func appendByCharacters<S: StringProtocol>(_ name: S, to output: inout [UInt8]) {
        for word in name.split(whereSeparator: { " /,-.\t".contains($0) }) {
            guard let first = word.first(where: \.isLetter) else { continue }
            output += first.uppercased().utf8
            output.append(UInt8(ascii: "."))
        }
    }

    /// The initials of a Latin-script name (every scalar below U+0300), read from its UTF-8 bytes. Below U+0300 a
    /// character is one scalar (or CR LF, which is neither a letter nor a separator either way), so each scalar is
    /// looked up in ``latin``, which holds what the characters give. False, with `output` partly written, for any
    /// other name.
    private static func appendLatin<Bytes: Collection<UInt8>>(_ name: Bytes, to output: inout [UInt8]) -> Bool {
        var inWord = false
        var hasInitial = false
        var index = name.startIndex
        while index != name.endIndex {
            let byte = name[index]
            name.formIndex(after: &index)
            let value: Int
            if byte < 0x80 {
                value = Int(byte)
            } else if (0xC2...0xCB).contains(byte), index != name.endIndex {  // U+0080 to U+02FF
                value = Int(byte & 0x1F) << 6 | Int(name[index] & 0x3F)
                name.formIndex(after: &index)
            } else {
                return false
            }
            let scalar = latin[value]
            if scalar.isSeparator {
                inWord = false
                continue
            }
            if !inWord { inWord = true; hasInitial = false }
            guard !hasInitial, scalar.upperCount > 0 else { continue }
            var upper = scalar.upper
            for _ in 0..<scalar.upperCount {
                output.append(UInt8(truncatingIfNeeded: upper))
                upper >>= 8
            }
            output.append(UInt8(ascii: "."))
            hasInitial = true
        }
        return true
    }

    /// What a scalar below U+0300 gives, as its one-scalar character does.
    private struct LatinScalar {
        /// One of the separators of words.
        var isSeparator: Bool
        /// How many bytes the upper-cased letter has in UTF-8; 0 for a character that is not a letter.
        var upperCount: UInt8
        /// The upper-cased letter's UTF-8 bytes, the first in the lowest byte.
        var upper: UInt64
    }

    private static let latin: [LatinScalar] = (0..<0x300).map { value in
        let character = Character(Unicode.Scalar(UInt32(value))!)
        let upper = character.isLetter ? Array(character.uppercased().utf8) : []
        precondition(upper.count <= 8, "an upper-cased Latin letter has at most 8 bytes")
        return LatinScalar(isSeparator: " /,-.\t".contains(character), upperCount: UInt8(upper.count),
                           upper: upper.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// Initials as a person types them (`jd`, `J.D.`, `J. D.`) in the stored form (`J.D.`).
    public static func normalised<S: StringProtocol>(_ typed: S) -> String {
        typed.filter(\.isLetter).map { $0.uppercased() + "." }.joined()
    }
}
