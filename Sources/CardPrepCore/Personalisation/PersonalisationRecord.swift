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
    /// CVV2, when the product prints it on the card.
    public var cvv2: String?
    /// The chip data as EMV CPS data groupings, when the product maps its tags to records (see ``ChipRecordMap``).
    public var dataGroupings: [DataGrouping] = []

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
        try make(from: record, settings: settings, carrier: carrierAddress.map { CarrierAddress($0, layout: settings.carrier) })
    }

    /// The personalisation data for `record`, with the carrier's address lines prepared once for every card
    /// going to the address (see ``CarrierAddress``; its layout should be `settings.carrier`).
    /// - Throws: as ``make(from:settings:carrierAddress:)`` does.
    /// - Parameter values: the card's values (CVV1, iCVV, PVKI, PVV, CVV2) for the product's discretionary data
    ///   templates (see ``CardValueSettings``).
    public static func make(
        from record: CardDataRecord, settings: PersonalisationSettings, carrier carrierAddress: CarrierAddress?,
        values: CardValues = CardValues()
    ) throws(PersonalisationError) -> PersonalisationRecord {
        let name = CardholderName(record: record)
        let embossExpiry = record.expiry.isEmpty ? CalendarDate(record.validUntil).map(yymm) : record.expiry
        let emboss = try EmbossLines.make(
            pan: record.cardNumber, expiry: embossExpiry, name: name, additionalLines: settings.additionalEmbossLines,
            policy: settings.namePolicy, layout: settings.emboss)

        var track1: EncodedTrack?
        var track2: EncodedTrack?
        var chipData = [TLV]()
        var groupings = [DataGrouping]()
        if settings.magneticStripe || settings.chip != nil {
            guard !record.expiry.isEmpty else { throw .missingField(.expiry) }
            guard !record.serviceCode.isEmpty else { throw .missingField(.serviceCode) }
            let trackName = try Track1.name(for: name, policy: settings.namePolicy).text
            let discretionary = settings.discretionaryData(values)
            if settings.magneticStripe {
                track1 = try Track1.encode(
                    pan: record.cardNumber, name: trackName, expiry: record.expiry, serviceCode: record.serviceCode,
                    discretionaryData: discretionary.track1)
                track2 = try Track2.encode(
                    pan: record.cardNumber, expiry: record.expiry, serviceCode: record.serviceCode,
                    discretionaryData: discretionary.track2)
            }
            if let chip = settings.chip {
                let data = try EMVRecordData.product(
                    record, chip: chip, cardholderName: chip.includesCardholderName ? trackName : nil,
                    discretionary: discretionary)
                chipData = try data.dataObjects()
                groupings = try chip.records?.groupings(chipData) ?? []
            }
        }

        var carrier = [String]()
        // The cardholder's own address, when the card data sends one, rather than the branch's.
        let carrierAddress = carrierAddress.map { branch in record.address.map { CarrierAddress($0, layout: branch.layout) } ?? branch }
        if let carrierAddress {
            carrier = try CarrierLines.make(name: name, address: carrierAddress)
        }
        var made = PersonalisationRecord(
            recordNumber: record.recordNumber, maskedPAN: CardNumber.masked(record.cardNumber), emboss: emboss,
            track1: track1, track2: track2, chipData: chipData, carrierLines: carrier)
        made.dataGroupings = groupings
        if settings.cardValues?.printsCVV2 == true { made.cvv2 = values[.cvv2] }
        return made
    }

    private static func yymm(_ date: CalendarDate) -> String {
        CardFields.padded(date.year % 100, width: 2) + CardFields.padded(date.month, width: 2)
    }
}
