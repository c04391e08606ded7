/// How a product's Application Effective Date (tag 5F25) is set.
public enum EffectiveDateRule: Sendable, Hashable, CustomStringConvertible {
    /// The same day on every card.
    case fixed(CalendarDate)
    /// The day the card is personalised (the day of transform).
    case productionDay
    /// The first day of the month the card is personalised in.
    case productionMonth
    /// The first day of the month this many months before the card's expiry month.
    case monthsBeforeExpiry(Int)

    /// The effective date of a card expiring in `expiry` (`YYMM`, checked) personalised on `production`.
    public func date(expiry: (year: Int, month: Int), production: CalendarDate) -> CalendarDate {
        switch self {
        case .fixed(let date): return date
        case .productionDay: return production
        case .productionMonth: return CalendarDate(year: production.year, month: production.month, day: 1)!
        case .monthsBeforeExpiry(let months):
            let index = (2000 + expiry.year) * 12 + expiry.month - 1 - months
            return CalendarDate(year: index / 12, month: index % 12 + 1, day: 1) ?? production
        }
    }

    /// The rule as a profile writes it: `2026-01-01`, `production-day`, `production-month`, `months-before-expiry:36`.
    public var description: String {
        switch self {
        case .fixed(let date): date.description
        case .productionDay: "production-day"
        case .productionMonth: "production-month"
        case .monthsBeforeExpiry(let months): "months-before-expiry:\(months)"
        }
    }

    /// Reads a rule as ``description`` writes it; nil for anything else.
    public init?(_ text: String) {
        switch text {
        case "production-day": self = .productionDay
        case "production-month": self = .productionMonth
        default:
            if text.hasPrefix("months-before-expiry:"), let months = Int(text.dropFirst("months-before-expiry:".count)),
                (0...240).contains(months)
            {
                self = .monthsBeforeExpiry(months)
            } else if let date = CalendarDate(text) {
                self = .fixed(date)
            } else {
                return nil
            }
        }
    }
}

/// The chip data of a product beyond what the card's own fields give: the profile's settings and constant tags,
/// merged with the data objects the issuer sends per card (hex BER-TLV in the card file's `chip_data` field).
public enum ChipProductData {
    /// The tags CardPrep writes from the card's fields and the product's settings, which issuer data may not repeat.
    public static let derivedTags: Set<TLVTag> = [
        .applicationPAN, .cardholderName, .applicationExpirationDate, .applicationEffectiveDate, .issuerCountryCode,
        .track2EquivalentData, .panSequenceNumber, .track1DiscretionaryData, .applicationCurrencyCode, .applicationLabel,
    ]

    /// The issuer's data objects for one card, checked: hex, well-formed BER-TLV, no tag twice, none of
    /// ``derivedTags``.
    /// - Throws: ``PersonalisationError/issuerChipData(reason:)``.
    public static func issuerObjects(_ hex: String) throws(PersonalisationError) -> [TLV] {
        guard !hex.isEmpty else { return [] }
        guard let bytes = Hex.decode(hex) else {
            throw .issuerChipData(reason: "is not an even number of hex digits (\(hex.utf8.count) characters)")
        }
        let objects: [TLV]
        do throws(PersonalisationError) { objects = try BERTLV.decode(bytes) } catch {
            throw .issuerChipData(reason: "is not BER-TLV: \(error)")
        }
        var seen = Set<TLVTag>()
        for object in objects {
            guard !derivedTags.contains(object.tag) else {
                throw .issuerChipData(
                    reason: "holds tag \(object.tag), which CardPrep writes from the card's fields and the product")
            }
            guard seen.insert(object.tag).inserted else { throw .issuerChipData(reason: "holds tag \(object.tag) twice") }
        }
        return objects
    }

    /// The product's constant objects with the issuer's objects merged in: an issuer object replaces the constant of
    /// the same tag, the others follow in the issuer's order.
    public static func merge(constants: [TLV], issuer: [TLV]) -> [TLV] {
        guard !issuer.isEmpty else { return constants }
        var merged = constants.map { constant in issuer.first { $0.tag == constant.tag } ?? constant }
        merged += issuer.filter { object in !constants.contains { $0.tag == object.tag } }
        return merged
    }
}

extension TLVTag {
    /// 9F42, Application Currency Code: n3 (ISO 4217 numeric), 2 bytes.
    public static let applicationCurrencyCode = TLVTag(0x9F42)!
    /// 50, Application Label: ans 1–16.
    public static let applicationLabel = TLVTag(0x50)!
}

/// What a product adds to a machine's personalisation settings (the product's `card_values` and `chip` blocks in
/// its customer profile).
public struct ProductPersonalisation: Sendable, Equatable {
    /// The product's card values, when it has any.
    public var cardValues: CardValueSettings?
    /// The product's chip settings, applied on every machine that encodes the chip.
    public var chip: ChipSettings?

    /// Creates a product's settings; by default it adds nothing.
    public init(cardValues: CardValueSettings? = nil, chip: ChipSettings? = nil) {
        self.cardValues = cardValues
        self.chip = chip
    }
}

extension PersonalisationSettings {
    /// The settings a machine makes a card of `product` with, personalised on `production`: the product's card values,
    /// and on a machine that encodes the chip, the product's chip settings.
    public func applying(_ product: ProductPersonalisation, production: CalendarDate) -> PersonalisationSettings {
        var settings = self
        settings.cardValues = product.cardValues
        if settings.chip != nil, var chip = product.chip {
            chip.productionDate = production
            settings.chip = chip
        } else if settings.chip != nil {
            settings.chip?.productionDate = production
        }
        return settings
    }
}

extension EMVRecordData {
    /// The chip data of `record` on a machine with `chip` settings: the card's fields, the product's settings (country,
    /// currency, label, effective date rule, default PAN sequence number, constant tags) and the issuer's per-card data
    /// objects merged in. Transform and validation both build a card's chip data this way.
    /// - Parameters:
    ///   - cardholderName: tag 5F20, or nil.
    ///   - discretionary: the card's discretionary data (``PersonalisationSettings/discretionaryData(_:)``).
    /// - Throws: ``PersonalisationError`` for a malformed expiry, PAN sequence number or issuer chip data.
    public static func product(
        _ record: CardDataRecord, chip: ChipSettings, cardholderName: String?,
        discretionary: (track1: String, track2: String, chip: String)
    ) throws(PersonalisationError) -> EMVRecordData {
        var effective = chip.effectiveDate
        if let rule = chip.effectiveDateRule {
            let expiry = try CardFields.checkExpiry(record.expiry)
            effective = rule.date(expiry: expiry, production: chip.productionDate ?? CalendarDate(year: 2000, month: 1, day: 1)!)
        }
        var sequence = chip.panSequenceNumber
        if !record.panSequenceNumber.isEmpty {
            guard record.panSequenceNumber.utf8.count == 2, CardFields.isDigits(record.panSequenceNumber),
                let value = Int(record.panSequenceNumber)
            else { throw .outOfRange(field: .panSequenceNumber, allowed: "two digits, 00 to 99") }
            sequence = value
        }
        var data = EMVRecordData(
            pan: record.cardNumber, expiry: record.expiry, serviceCode: record.serviceCode,
            track2DiscretionaryData: discretionary.chip, cardholderName: cardholderName, effectiveDate: effective,
            issuerCountryCode: chip.issuerCountryCode, panSequenceNumber: sequence,
            track1DiscretionaryData: chip.includesTrack1DiscretionaryData ? discretionary.track1 : nil)
        data.currencyCode = chip.currencyCode
        data.applicationLabel = chip.applicationLabel
        data.additionalObjects = ChipProductData.merge(
            constants: chip.constantObjects, issuer: try ChipProductData.issuerObjects(record.issuerChipData))
        return data
    }
}
