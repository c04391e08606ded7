/// What is wrong with the way a card number is written, before its length or check digit is looked at: the one
/// check validation (``PANLengthRule``) and personalisation (``PersonalisationError/panHasSeparators(masked:)``)
/// share, so that a number sent as `4111 1111 1111 1111` is named for its separators, not its 19 characters.
public enum CardNumberFormat: Sendable, Equatable {
    /// Digits with spaces, hyphens, dots or slashes between them (as printed on a card, or copied from a form).
    case separators
    /// A character that is neither a digit nor a separator.
    case otherCharacter
    /// Digits only.
    case digits

    /// The separators people put between the groups of a card number.
    static let separatorBytes: Set<UInt8> = [0x20, 0x09, 0x2D, 0x2E, 0x2F, 0xA0]

    /// How `number` is written.
    public init(of number: String) {
        var sawSeparator = false
        for byte in number.utf8 {
            if (0x30...0x39).contains(byte) { continue }
            if Self.separatorBytes.contains(byte) || byte == 0xC2 {  // 0xC2 0xA0: a no-break space
                sawSeparator = true
                continue
            }
            self = .otherCharacter
            return
        }
        self = sawSeparator ? .separators : .digits
    }

    /// The digits of `number`, separators dropped: what a masked display of a separated number shows.
    public static func digits(of number: String) -> String { String(number.filter { $0.isASCII && $0.isNumber }) }
}
