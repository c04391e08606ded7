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
    /// Tag 9F42 (ISO 4217 numeric, such as `978`), when set.
    public var currencyCode: String?
    /// Tag 50, when set.
    public var applicationLabel: String?
    /// The product's constant data objects, written after the others.
    public var constantObjects: [TLV] = []
    /// How tag 5F25 is set per card, when it is; takes the place of ``effectiveDate``.
    public var effectiveDateRule: EffectiveDateRule?
    /// The day cards are personalised, for ``effectiveDateRule`` (transform's day; validation's day when checking).
    public var productionDate: CalendarDate?
    /// Where the data objects go in the chip application's records, for layouts that write data groupings.
    public var records: ChipRecordMap?

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
    /// Whether the machine prints the card's carrier in the same pass (an inline carrier printer): only then are
    /// carrier lines made and checked.
    public var printsCarriers: Bool = false
    /// The product's card verification values and where they go, when it has any.
    public var cardValues: CardValueSettings?

    /// Creates settings; by default a card is embossed only, with no stripe and no chip.
    public init(
        namePolicy: NameFitPolicy = .abbreviate, emboss: EmbossLayout = EmbossLayout(), additionalEmbossLines: [String] = [],
        magneticStripe: Bool = false, track1DiscretionaryData: String = "", track2DiscretionaryData: String = "",
        chip: ChipSettings? = nil, carrier: CarrierLayout = CarrierLayout(), printsCarriers: Bool = false
    ) {
        self.printsCarriers = printsCarriers
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
