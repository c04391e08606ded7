/// A product's card verification values and where they go (the `card_values` block of its customer profile).
///
/// CVV1 goes into the stripe's discretionary data, iCVV into the chip's track 2 equivalent data (tag 57), each
/// where the product's templates put it; CVV2 is printed by the laser engraver (its job's `cvv2` column). The
/// values are computed with the issuer's card verification key, or taken from the card file where the issuer
/// supplies them; PVKI and PVV always come from the issuer.
public struct CardValueSettings: Sendable, Hashable {
    /// Where the card verification values come from.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// Computed by CardPrep with the issuer's key (in the token).
        case computed
        /// Taken from the card file's `cvv1`, `cvv2` and `icvv` fields.
        case issuer
    }

    /// Where CVV1, CVV2 and iCVV come from.
    public var source: Source
    /// Track 1's discretionary data, when the product sets it.
    public var track1: DiscretionaryTemplate?
    /// Track 2's discretionary data, when the product sets it.
    public var track2: DiscretionaryTemplate?
    /// The discretionary data of the chip's track 2 equivalent data (tag 57), when the product sets it.
    public var chipTrack2: DiscretionaryTemplate?
    /// Whether CVV2 is printed on the card (a laser engraver's job carries it).
    public var printsCVV2: Bool

    /// Creates settings.
    public init(
        source: Source = .computed, track1: DiscretionaryTemplate? = nil, track2: DiscretionaryTemplate? = nil,
        chipTrack2: DiscretionaryTemplate? = nil, printsCVV2: Bool = false
    ) {
        self.source = source
        self.track1 = track1
        self.track2 = track2
        self.chipTrack2 = chipTrack2
        self.printsCVV2 = printsCVV2
    }

    /// Every value the product's cards carry.
    public var fields: Set<CardValueField> {
        var fields = Set<CardValueField>()
        for template in [track1, track2, chipTrack2] { fields.formUnion(template?.fields ?? []) }
        if printsCVV2 { fields.insert(.cvv2) }
        return fields
    }

    /// The values CardPrep computes with the issuer's key: the card verification values, unless the issuer sends them.
    public var computedFields: Set<CardValueField> {
        source == .computed ? fields.intersection([.cvv1, .cvv2, .icvv]) : []
    }

    /// The values the card file must carry.
    public var issuerFields: Set<CardValueField> { fields.subtracting(computedFields) }

    /// The issuer-supplied values of `record`, each checked: present and of its length in digits.
    /// - Throws: ``CardValueError/issuerValue(_:reason:)`` at the first that is not (in ``CardValueField`` order).
    public func issuerValues(of record: CardDataRecord) throws(CardValueError) -> CardValues {
        var values = CardValues()
        for field in CardValueField.allCases where issuerFields.contains(field) {
            let text = record.issuerValues[field] ?? ""
            guard !text.isEmpty else { throw .issuerValue(field, reason: "is missing; the product takes it from the card file") }
            guard text.utf8.count == field.length, CardFields.isDigits(text) else {
                throw .issuerValue(field, reason: "must be \(field.length) digit(s); it has \(text.count) character(s)")
            }
            values[field] = text
        }
        return values
    }

    /// The values of `record`: the issuer's, and those computed with `key`.
    /// - Throws: ``CardValueError`` for an issuer value; ``PersonalisationError`` for a field the method needs; the key's error.
    public func values(of record: CardDataRecord, key: (any CardVerificationCipher)?) throws -> CardValues {
        var values = try issuerValues(of: record)
        let computed = computedFields
        guard !computed.isEmpty else { return values }
        guard let key else { throw CardValueError.issuerValue(.cvv1, reason: "cannot be computed: the product names no key") }
        for kind in CardVerificationValueKind.allCases {
            guard let field = CardValueField(rawValue: kind.rawValue), computed.contains(field) else { continue }
            values[field] = try CardVerificationValue.compute(
                kind, pan: record.cardNumber, expiry: record.expiry, serviceCode: record.serviceCode, key: key)
        }
        return values
    }
}

extension PersonalisationSettings {
    /// Track 1, track 2 and tag 57's discretionary data for a card with `values`: the product's templates filled in,
    /// or the machine's fixed data where the product sets none.
    public func discretionaryData(_ values: CardValues) -> (track1: String, track2: String, chip: String) {
        let track2 = cardValues?.track2?.fill(values) ?? track2DiscretionaryData
        return (
            cardValues?.track1?.fill(values) ?? track1DiscretionaryData, track2,
            cardValues?.chipTrack2?.fill(values) ?? track2
        )
    }
}
