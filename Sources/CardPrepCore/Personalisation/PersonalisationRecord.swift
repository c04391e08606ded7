/// What the chip data of a product carries beyond the card number, expiry and service code.
public struct ChipSettings: Sendable, Equatable {
    /// Whether tag 5F20 carries the track 1 name field.
    public var includesCardholderName: Bool
    /// Tag 5F25, when set.
    public var effectiveDate: CalendarDate?
    /// Tag 5F28 (ISO 3166-1 numeric, such as `826`), when set.
    public var issuerCountryCode: String?
    /// Tag 5F34, when set.
    public var panSequenceNumber: Int?
    /// Whether tag 9F1F carries the track 1 discretionary data.
    public var includesTrack1DiscretionaryData: Bool

    /// Creates chip settings.
    public init(
        includesCardholderName: Bool = true, effectiveDate: CalendarDate? = nil, issuerCountryCode: String? = nil,
        panSequenceNumber: Int? = nil, includesTrack1DiscretionaryData: Bool = false
    ) {
        self.includesCardholderName = includesCardholderName
        self.effectiveDate = effectiveDate
        self.issuerCountryCode = issuerCountryCode
        self.panSequenceNumber = panSequenceNumber
        self.includesTrack1DiscretionaryData = includesTrack1DiscretionaryData
    }
}

/// The part of a product profile the personalisation encodings read.
public struct PersonalisationSettings: Sendable, Equatable {
    /// What to do with a name too long for its room (emboss line, track 1, tag 5F20).
    public var namePolicy: NameFitPolicy
    /// The embosser's room and abilities.
    public var emboss: EmbossLayout
    /// Lines embossed below the name on every card of the product.
    public var additionalEmbossLines: [String]
    /// Whether the card has a magnetic stripe (ISO/IEC 7813 tracks 1 and 2).
    public var magneticStripe: Bool
    /// Track 1 discretionary data (also tag 9F1F when the chip settings ask for it).
    public var track1DiscretionaryData: String
    /// Track 2 discretionary data (also in tag 57).
    public var track2DiscretionaryData: String
    /// The chip data, or nil for a card without a chip.
    public var chip: ChipSettings?
    /// The carrier's layout.
    public var carrier: CarrierLayout

    /// Creates settings; by default a card is embossed only, with no stripe and no chip.
    public init(
        namePolicy: NameFitPolicy = .abbreviate, emboss: EmbossLayout = EmbossLayout(), additionalEmbossLines: [String] = [],
        magneticStripe: Bool = false, track1DiscretionaryData: String = "", track2DiscretionaryData: String = "",
        chip: ChipSettings? = nil, carrier: CarrierLayout = CarrierLayout()
    ) {
        self.namePolicy = namePolicy
        self.emboss = emboss
        self.additionalEmbossLines = additionalEmbossLines
        self.magneticStripe = magneticStripe
        self.track1DiscretionaryData = track1DiscretionaryData
        self.track2DiscretionaryData = track2DiscretionaryData
        self.chip = chip
        self.carrier = carrier
    }
}

/// Everything the personalisation machines need for one accepted card record.
///
/// Holds card data: its ``description`` gives only the record number and the masked card number.
public struct PersonalisationRecord: Sendable, Equatable, CustomStringConvertible {
    /// The record's number in its card data file.
    public let recordNumber: Int
    /// The masked card number, for reports.
    public let maskedPAN: String
    /// The card's face.
    public let emboss: EmbossLines
    /// ISO/IEC 7813 track 1, when the card has a stripe.
    public let track1: EncodedTrack?
    /// ISO/IEC 7813 track 2, when the card has a stripe.
    public let track2: EncodedTrack?
    /// The EMV data objects, empty for a card without a chip.
    public let chipData: [TLV]
    /// The carrier's address block, empty when no address was given.
    public let carrierLines: [String]

    public var description: String { "personalisation record \(recordNumber) for \(maskedPAN)" }

    /// The personalisation data for `record`.
    ///
    /// The name is split with ``CardholderName/init(fullName:)``. The embossed expiry is the record's `YYMM`
    /// expiry or, for cards without one (access cards), the month of its `valid until` day; a card with neither
    /// has no expiry line. Stripe and chip need the expiry and service code of a bank card.
    /// - Parameter carrierAddress: where the carrier goes; nil for cards sent without one.
    /// - Throws: ``PersonalisationError`` when a field is missing or malformed, or a name cannot be written.
    public static func make(
        from record: CardDataRecord, settings: PersonalisationSettings, carrierAddress: PostalAddress? = nil
    ) throws(PersonalisationError) -> PersonalisationRecord {
        let name = CardholderName(fullName: record.cardholderName)
        let embossExpiry = record.expiry.isEmpty ? CalendarDate(record.validUntil).map(yymm) : record.expiry
        let emboss = try EmbossLines.make(
            pan: record.cardNumber, expiry: embossExpiry, name: name, additionalLines: settings.additionalEmbossLines,
            policy: settings.namePolicy, layout: settings.emboss)

        var track1: EncodedTrack?
        var track2: EncodedTrack?
        var chipData = [TLV]()
        if settings.magneticStripe || settings.chip != nil {
            guard !record.expiry.isEmpty else { throw .missingField(.expiry) }
            guard !record.serviceCode.isEmpty else { throw .missingField(.serviceCode) }
            let trackName = try Track1.name(for: name, policy: settings.namePolicy).text
            if settings.magneticStripe {
                track1 = try Track1.encode(
                    pan: record.cardNumber, name: trackName, expiry: record.expiry, serviceCode: record.serviceCode,
                    discretionaryData: settings.track1DiscretionaryData)
                track2 = try Track2.encode(
                    pan: record.cardNumber, expiry: record.expiry, serviceCode: record.serviceCode,
                    discretionaryData: settings.track2DiscretionaryData)
            }
            if let chip = settings.chip {
                chipData = try EMVRecordData(
                    pan: record.cardNumber, expiry: record.expiry, serviceCode: record.serviceCode,
                    track2DiscretionaryData: settings.track2DiscretionaryData,
                    cardholderName: chip.includesCardholderName ? trackName : nil, effectiveDate: chip.effectiveDate,
                    issuerCountryCode: chip.issuerCountryCode, panSequenceNumber: chip.panSequenceNumber,
                    track1DiscretionaryData: chip.includesTrack1DiscretionaryData ? settings.track1DiscretionaryData : nil
                ).dataObjects()
            }
        }

        var carrier = [String]()
        if let carrierAddress {
            carrier = try CarrierLines.make(name: name, address: carrierAddress, layout: settings.carrier)
        }
        return PersonalisationRecord(
            recordNumber: record.recordNumber, maskedPAN: CardNumber.masked(record.cardNumber), emboss: emboss,
            track1: track1, track2: track2, chipData: chipData, carrierLines: carrier)
    }

    private static func yymm(_ date: CalendarDate) -> String {
        CardFields.padded(date.year % 100, width: 2) + CardFields.padded(date.month, width: 2)
    }
}
