/// The order a customer writes cardholder names in, as the customer profile's `card_data: name_order` says.
///
/// For a card data file of version 1 (one name field) it also says how the field is split: given names first
/// (`Mary-Jane Smith`: the last word is the surname) or surname first (`ZHANG Wei`, `张 伟`: the first word is the
/// surname). Version 2 sends the parts in fields of their own; the order then only says how the card face and
/// the carrier write them. Track 1 and tag 5F20 are always `SURNAME/GIVEN` (ISO/IEC 7813).
public enum NameOrder: String, Sendable, Equatable, Codable, CaseIterable {
    /// Given names, then the surname: `MARY-JANE VAN DER BERG`.
    case givenFirst = "given-first"
    /// The surname, then the given names: `ZHANG WEI`, as Chinese, Japanese, Korean and Hungarian names are written.
    case surnameFirst = "surname-first"
}

extension CardholderName {
    /// Splits a one-field name written in `order`: given names first as ``init(fullName:)`` does; surname first,
    /// the first word is the surname and the rest the given names (a name without white space is all surname).
    public init(fullName: String, order: NameOrder) {
        guard order == .surnameFirst else {
            self.init(fullName: fullName)
            return
        }
        let words = fullName.split(whereSeparator: \.isWhitespace)
        self.init(given: words.dropFirst().joined(separator: " "), family: words.first.map(String.init) ?? "")
        self.order = .surnameFirst
    }

    /// The name of a card data record: its parts where the file sends them (format version 2, or version 1 read
    /// surname first), otherwise its one name field split given names first.
    public init(record: CardDataRecord) {
        self = record.nameParts ?? CardholderName(fullName: record.cardholderName)
    }
}
