/// A field of a card's personalisation data, as errors name it.
public enum PersonalisationField: String, Sendable, Equatable, CaseIterable {
    case pan = "card number"
    case expiry = "expiry date"
    case serviceCode = "service code"
    case cardholderName = "cardholder name"
    case track1DiscretionaryData = "track 1 discretionary data"
    case track2DiscretionaryData = "track 2 discretionary data"
    case effectiveDate = "effective date"
    case issuerCountryCode = "issuer country code"
    case panSequenceNumber = "PAN sequence number"
    case embossLine = "emboss line"
    case expiryLabel = "expiry label"
    case carrierLine = "carrier line"
    case currencyCode = "currency code"
    case applicationLabel = "application label"
}

/// Why a card record cannot be turned into personalisation data.
///
/// Errors never carry card data: a card number appears only masked (``CardNumber/masked(_:)``), and names,
/// dates and discretionary data only by their length and the position of the offending character.
public enum PersonalisationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The card number is not 8 to 19 ASCII digits. Carries the masked number only.
    case invalidPAN(masked: String)
    /// The card number has spaces or other separators between its digits; `masked` is its digits, masked.
    case panHasSeparators(masked: String)
    /// The expiry date is not `YYMM` with a month from 01 to 12.
    case invalidExpiry
    /// The service code is not three ASCII digits.
    case invalidServiceCode
    /// A field holds a character its encoding cannot carry; `position` counts characters from 1.
    case invalidCharacter(field: PersonalisationField, position: Int)
    /// A field's length is outside what its encoding allows.
    case invalidLength(field: PersonalisationField, length: Int, allowed: ClosedRange<Int>)
    /// A field the output needs is missing from the record.
    case missingField(PersonalisationField)
    /// A value is outside the range its data element can hold (a date with a two-digit year, a sequence number);
    /// `allowed` says which range, in words.
    case outOfRange(field: PersonalisationField, allowed: String)
    /// A magnetic stripe track, sentinels and LRC included, is longer than ISO/IEC 7813 allows.
    case trackTooLong(track: Int, length: Int, maximum: Int)
    /// The name does not fit and the profile's policy is to reject rather than abbreviate, or it cannot be
    /// shortened (laser-engraved names are never abbreviated).
    case nameTooLong(length: Int, maximum: Int)
    /// Nothing of the name is left once transliterated (or it was empty to begin with).
    case emptyName
    /// The name has characters with no transliteration to the ISO 7811 embossing set (CJK, Cyrillic, …)
    /// and the output cannot carry them: magnetic tracks, chip data, or an embosser without laser engraving.
    case nameNotTransliterable
    /// A line is longer than the machine or layout allows; `line` counts from 1.
    case lineTooLong(field: PersonalisationField, line: Int, length: Int, maximum: Int)
    /// More lines than the layout has room for.
    case tooManyLines(field: PersonalisationField, count: Int, maximum: Int)
    /// A BER-TLV tag is not a valid one- or two-byte tag, or is used in a way its form forbids.
    case invalidTag(tag: String, reason: String)
    /// A BER-TLV value is longer than its data element, or the encoder, allows.
    case valueTooLong(tag: String, length: Int, maximum: Int)
    /// BER-TLV input could not be decoded; `offset` is where the offending data object starts.
    case malformedTLV(offset: Int, reason: String)
    /// The issuer's chip data for the card cannot be merged; the reason names tags, never values.
    case issuerChipData(reason: String)
    /// A chip data object has no place in the product's records (its chip application profile).
    case chipTagNotPlaced(tag: String)
    /// A card value (CVV, PVKI, PVV) is missing or malformed.
    case cardValue(CardValueError)

    public var description: String {
        switch self {
        case .invalidPAN(let masked): "card number \(masked) is not 8 to 19 digits"
        case .panHasSeparators(let masked):
            "card number \(masked) has spaces or separators between its digits; the card data must send digits only"
        case .invalidExpiry: "expiry date must be YYMM with a month from 01 to 12"
        case .invalidServiceCode: "service code must be three digits"
        case .invalidCharacter(let field, let position):
            "\(field.rawValue) has a character its encoding cannot carry at position \(position)"
        case .invalidLength(let field, let length, let allowed):
            "\(field.rawValue) is \(length) characters long; \(allowed.lowerBound) to \(allowed.upperBound) are allowed"
        case .missingField(let field): "the record has no \(field.rawValue), which this output needs"
        case .outOfRange(let field, let allowed): "\(field.rawValue) is out of range; allowed: \(allowed)"
        case .trackTooLong(let track, let length, let maximum):
            "track \(track) would be \(length) characters long, sentinels and LRC included; the maximum is \(maximum)"
        case .nameTooLong(let length, let maximum):
            "cardholder name is \(length) characters long and may not be abbreviated; the maximum is \(maximum)"
        case .emptyName: "cardholder name is empty once transliterated to the embossing character set"
        case .nameNotTransliterable:
            "cardholder name has characters with no transliteration to the ISO 7811 embossing set, and this output cannot carry them"
        case .lineTooLong(let field, let line, let length, let maximum):
            "\(field.rawValue) \(line) is \(length) characters long; the maximum is \(maximum)"
        case .tooManyLines(let field, let count, let maximum): "\(count) \(field.rawValue)s; the maximum is \(maximum)"
        case .invalidTag(let tag, let reason): "tag \(tag): \(reason)"
        case .valueTooLong(let tag, let length, let maximum):
            "value of tag \(tag) is \(length) bytes long; the maximum is \(maximum)"
        case .malformedTLV(let offset, let reason): "malformed BER-TLV at byte \(offset): \(reason)"
        case .issuerChipData(let reason): "the issuer's chip data \(reason)"
        case .chipTagNotPlaced(let tag): "tag \(tag) has no place in the records of the product's chip application profile"
        case .cardValue(let error): error.description
        }
    }
}
