/// A cardholder's initials (`J.D.` for "JOHN DOE"): all that CardPrep keeps of a name once the card is made, to tell
/// cards with the same masked number apart.
public enum CardholderInitials {
    /// The first letter of each word of `name`, upper-cased, each followed by a dot. Words are separated by spaces, `/`,
    /// `,` or `-` (`DOE/JOHN` gives `D.J.`); characters that are not letters start no initial.
    public static func of<S: StringProtocol>(_ name: S) -> String {
        var initials = ""
        for word in name.split(whereSeparator: { " /,-.\t".contains($0) }) {
            guard let first = word.first(where: \.isLetter) else { continue }
            initials += first.uppercased() + "."
        }
        return initials
    }

    /// Initials as a person types them (`jd`, `J.D.`, `J. D.`) in the stored form (`J.D.`).
    public static func normalised<S: StringProtocol>(_ typed: S) -> String {
        typed.filter(\.isLetter).map { $0.uppercased() + "." }.joined()
    }
}
