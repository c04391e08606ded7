/// A cardholder's initials (`J.D.` for "JOHN DOE"): all that CardPrep keeps of a name once the card is made, to tell
/// cards with the same masked number apart.
public enum CardholderInitials {
    /// The first letter of each word of `name`, upper-cased, each followed by a dot. Words are separated by spaces, `/`,
    /// `,` or `-` (`DOE/JOHN` gives `D.J.`); characters that are not letters start no initial.
    public static func of<S: StringProtocol>(_ name: S) -> String {
        if let initials = ofASCII(name.utf8) { return initials }
        var initials = ""
        for word in name.split(whereSeparator: { " /,-.\t".contains($0) }) {
            guard let first = word.first(where: \.isLetter) else { continue }
            initials += first.uppercased() + "."
        }
        return initials
    }

    /// The initials of an all-ASCII name, read from its bytes (where each character is one byte, or CR LF, which is
    /// neither a letter nor a separator either way); nil for any other name.
    private static func ofASCII<Bytes: Sequence<UInt8>>(_ name: Bytes) -> String? {
        var initials: [UInt8] = []
        var inWord = false
        var hasInitial = false
        for byte in name {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "/"), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "."), 0x09:
                inWord = false
            default:
                if !inWord { inWord = true; hasInitial = false }
                guard !hasInitial else { continue }
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"):
                    initials += [byte - 0x20, UInt8(ascii: ".")]
                    hasInitial = true
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    initials += [byte, UInt8(ascii: ".")]
                    hasInitial = true
                default: break
                }
            }
        }
        return String(decoding: initials, as: UTF8.self)
    }

    /// Initials as a person types them (`jd`, `J.D.`, `J. D.`) in the stored form (`J.D.`).
    public static func normalised<S: StringProtocol>(_ typed: S) -> String {
        typed.filter(\.isLetter).map { $0.uppercased() + "." }.joined()
    }
}
