/// The EMV data elements a chip application's records carry about the card and its holder, built as BER-TLV.
///
/// Data elements and formats are those of EMV Book 3, annex A:
///
/// | Tag  | Element                    | Format                | Here                                          |
/// |------|----------------------------|-----------------------|-----------------------------------------------|
/// | 5A   | Application PAN            | cn, up to 10 bytes    | digits, `F`-padded to whole bytes             |
/// | 5F20 | Cardholder Name            | ans 2–26              | ASCII bytes                                   |
/// | 5F24 | Application Expiration Date| n6 YYMMDD             | last day of the expiry month                  |
/// | 5F25 | Application Effective Date | n6 YYMMDD             | when the profile gives one                    |
/// | 5F28 | Issuer Country Code        | n3, 2 bytes           | `0` then the three digits                     |
/// | 57   | Track 2 Equivalent Data    | b, up to 19 bytes     | PAN `D` YYMM service-code discretionary `F`…  |
/// | 5F34 | PAN Sequence Number        | n2, 1 byte            | when the profile gives one                    |
/// | 9F1F | Track 1 Discretionary Data | ans                   | when the profile gives it                     |
///
/// Numeric (n) values are BCD, right-aligned with leading zeros; compressed numeric (cn) values are BCD,
/// left-aligned and padded with `F` nibbles. Two-digit years are read as 20YY.
///
/// Holds card data: its ``description`` shows the card number masked.
public struct EMVRecordData: Sendable, Equatable, CustomStringConvertible {
    /// The card number, 8 to 19 digits.
    public var pan: String
    /// `YYMM`.
    public var expiry: String
    /// Three digits.
    public var serviceCode: String
    /// Digits, for tag 57 after the service code; normally the track 2 discretionary data.
    public var track2DiscretionaryData: String
    /// Tag 5F20 when set: 2 to 26 printable ASCII characters, normally the track 1 name field.
    public var cardholderName: String?
    /// Tag 5F25 when set: a day from 2000-01-01 to 2099-12-31.
    public var effectiveDate: CalendarDate?
    /// Tag 5F28 when set: the ISO 3166-1 numeric code of the issuer's country, three digits (`826`).
    public var issuerCountryCode: String?
    /// Tag 5F34 when set: 0 to 99.
    public var panSequenceNumber: Int?
    /// Tag 9F1F when set: printable ASCII, normally the track 1 discretionary data.
    public var track1DiscretionaryData: String?
    /// Tag 9F42 when set: the ISO 4217 numeric code of the application's currency, three digits (`978`).
    public var currencyCode: String?
    /// Tag 50 when set: 1 to 16 printable ASCII characters (`VISA DEBIT`).
    public var applicationLabel: String?
    /// Further data objects, written last as they are: the product's constant tags and the issuer's per-card data
    /// (see ``ChipProductData``).
    public var additionalObjects: [TLV] = []

    /// Creates the data; only the card number, expiry and service code are required.
    public init(
        pan: String, expiry: String, serviceCode: String, track2DiscretionaryData: String = "",
        cardholderName: String? = nil, effectiveDate: CalendarDate? = nil, issuerCountryCode: String? = nil,
        panSequenceNumber: Int? = nil, track1DiscretionaryData: String? = nil
    ) {
        self.pan = pan
        self.expiry = expiry
        self.serviceCode = serviceCode
        self.track2DiscretionaryData = track2DiscretionaryData
        self.cardholderName = cardholderName
        self.effectiveDate = effectiveDate
        self.issuerCountryCode = issuerCountryCode
        self.panSequenceNumber = panSequenceNumber
        self.track1DiscretionaryData = track1DiscretionaryData
    }

    /// The longest Track 2 Equivalent Data (tag 57) EMV allows, in bytes.
    public static let track2EquivalentMaximumLength = 19
    /// The lengths EMV allows for the Cardholder Name (tag 5F20).
    public static let cardholderNameLengths = 2...26

    /// The data objects, in the order 5A, 5F20, 5F24, 5F25, 5F28, 57, 5F34, 9F1F (the optional ones only when set).
    /// - Throws: ``PersonalisationError`` for a field that is malformed or too long for its data element (see ``check()``).
    public func dataObjects() throws(PersonalisationError) -> [TLV] {
        let (year, month) = try check()
        var objects = [TLV]()
        objects.append(try TLV(tag: .applicationPAN, value: Self.bcd(pan.utf8, paddedToWholeBytes: true)))
        if let name = cardholderName { objects.append(try TLV(tag: .cardholderName, value: Array(name.utf8))) }
        let lastDay = CardFields.daysInMonth(month, twoDigitYear: year)
        objects.append(try TLV(tag: .applicationExpirationDate, value: Self.bcd(expiry.utf8 + Self.twoDigits(lastDay))))
        if let date = effectiveDate {
            let text =
                CardFields.padded(date.year % 100, width: 2) + CardFields.padded(date.month, width: 2)
                + CardFields.padded(date.day, width: 2)
            objects.append(try TLV(tag: .applicationEffectiveDate, value: Self.bcd(text.utf8)))
        }
        if let country = issuerCountryCode {
            objects.append(try TLV(tag: .issuerCountryCode, value: Self.bcd(("0" + country).utf8)))
        }
        var track2 = [UInt8]()
        track2.reserveCapacity(pan.utf8.count + track2DiscretionaryData.utf8.count + 8)
        track2 += pan.utf8
        track2.append(UInt8(ascii: "D"))
        track2 += expiry.utf8
        track2 += serviceCode.utf8
        track2 += track2DiscretionaryData.utf8
        objects.append(try TLV(tag: .track2EquivalentData, value: Self.bcd(track2, paddedToWholeBytes: true)))
        if let sequence = panSequenceNumber {
            objects.append(try TLV(tag: .panSequenceNumber, value: Self.bcd(CardFields.padded(sequence, width: 2).utf8)))
        }
        if let discretionary = track1DiscretionaryData {
            objects.append(try TLV(tag: .track1DiscretionaryData, value: Array(discretionary.utf8)))
        }
        if let currency = currencyCode {
            objects.append(try TLV(tag: .applicationCurrencyCode, value: Self.bcd(("0" + currency).utf8)))
        }
        if let label = applicationLabel { objects.append(try TLV(tag: .applicationLabel, value: Array(label.utf8))) }
        objects += additionalObjects
        return objects
    }

    /// Checks every data element against its format and length, in the order ``dataObjects()`` writes them, without
    /// building any: ``dataObjects()`` starts with it, and validation asks it of every record.
    /// - Returns: the expiry's year (00–99) and month.
    /// - Throws: ``PersonalisationError`` for a field that is malformed or too long for its data element.
    @discardableResult
    public func check() throws(PersonalisationError) -> (year: Int, month: Int) {
        try Self.checkProductElements(currencyCode: currencyCode, applicationLabel: applicationLabel)
        return try Self.check(
            pan: pan, expiry: expiry, serviceCode: serviceCode, track2DiscretionaryData: track2DiscretionaryData,
            cardholderName: cardholderName, effectiveDate: effectiveDate, issuerCountryCode: issuerCountryCode,
            panSequenceNumber: panSequenceNumber, track1DiscretionaryData: track1DiscretionaryData)
    }

    /// ``check()`` of the data made of these fields, without making it: validation checks every record's card
    /// number, expiry and service code with a machine's settings this way.
    @discardableResult
    static func check(
        pan: String, expiry: String, serviceCode: String, track2DiscretionaryData: String, cardholderName: String?,
        effectiveDate: CalendarDate?, issuerCountryCode: String?, panSequenceNumber: Int?, track1DiscretionaryData: String?
    ) throws(PersonalisationError) -> (year: Int, month: Int) {
        try CardFields.checkPAN(pan)
        let expiryParts = try CardFields.checkExpiry(expiry)
        try CardFields.checkServiceCode(serviceCode)
        try CardFields.checkCharacters(track2DiscretionaryData, field: .track2DiscretionaryData) {
            (0x30...0x39).contains($0.value)
        }
        if let name = cardholderName {
            guard Self.cardholderNameLengths.contains(name.count) else {
                throw .invalidLength(field: .cardholderName, length: name.count, allowed: Self.cardholderNameLengths)
            }
            try CardFields.checkCharacters(name, field: .cardholderName, allowed: Self.isPrintableASCII)
        }
        if let date = effectiveDate, !(2000...2099).contains(date.year) {
            throw .outOfRange(field: .effectiveDate, allowed: "2000-01-01 to 2099-12-31")
        }
        if let country = issuerCountryCode {
            guard country.count == 3 else {
                throw .invalidLength(field: .issuerCountryCode, length: country.count, allowed: 3...3)
            }
            try CardFields.checkCharacters(country, field: .issuerCountryCode) { (0x30...0x39).contains($0.value) }
        }
        // Tag 57 packs PAN, `D`, YYMM, service code and discretionary data two digits a byte, padded with an `F`.
        let track2Bytes = (pan.utf8.count + 1 + 4 + 3 + track2DiscretionaryData.utf8.count + 1) / 2
        guard track2Bytes <= Self.track2EquivalentMaximumLength else {
            throw .valueTooLong(
                tag: TLVTag.track2EquivalentData.description, length: track2Bytes, maximum: Self.track2EquivalentMaximumLength)
        }
        if let sequence = panSequenceNumber, !(0...99).contains(sequence) {
            throw .outOfRange(field: .panSequenceNumber, allowed: "0 to 99")
        }
        if let discretionary = track1DiscretionaryData {
            try CardFields.checkCharacters(discretionary, field: .track1DiscretionaryData, allowed: Self.isPrintableASCII)
            guard discretionary.utf8.count <= BERTLV.maximumValueLength else {
                throw .valueTooLong(
                    tag: TLVTag.track1DiscretionaryData.description, length: discretionary.utf8.count,
                    maximum: BERTLV.maximumValueLength)
            }
        }
        return expiryParts
    }

    /// Checks the elements a product sets for every card: tag 9F42's three digits and tag 50's 1 to 16 printable
    /// ASCII characters. Validation asks it of every product's settings.
    public static func checkProductElements(currencyCode: String?, applicationLabel: String?) throws(PersonalisationError) {
        if let currency = currencyCode, currency.utf8.count != 3 || !CardFields.isDigits(currency) {
            throw .outOfRange(field: .currencyCode, allowed: "three digits (ISO 4217 numeric)")
        }
        if let label = applicationLabel {
            guard (1...16).contains(label.utf8.count) else {
                throw .invalidLength(field: .applicationLabel, length: label.count, allowed: 1...16)
            }
            try CardFields.checkCharacters(label, field: .applicationLabel, allowed: isPrintableASCII)
        }
    }

    /// ``dataObjects()`` encoded one after another.
    public func encoded() throws(PersonalisationError) -> [UInt8] {
        BERTLV.encode(try dataObjects())
    }

    public var description: String { "EMV record data for \(CardNumber.masked(pan))" }

    /// Hex digits (`0`–`9`, `D`, `F`) packed two to a byte, high nibble first; an odd count is padded with an `F`
    /// nibble when asked (empty when a digit is not hex or an odd count is not padded).
    private static func bcd(_ digits: some Collection<UInt8>, paddedToWholeBytes: Bool = false) -> [UInt8] {
        guard digits.count % 2 == 0 || paddedToWholeBytes else { return [] }
        var packed = [UInt8]()
        packed.reserveCapacity((digits.count + 1) / 2)
        var high: UInt8?
        for digit in digits {
            guard let nibble = Hex.nibble(digit) else { return [] }
            if let first = high {
                packed.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        if let high { packed.append(high << 4 | 0x0F) }
        return packed
    }

    /// `value` (0 to 99) as two ASCII digits.
    private static func twoDigits(_ value: Int) -> [UInt8] {
        [UInt8(ascii: "0") + UInt8(value / 10 % 10), UInt8(ascii: "0") + UInt8(value % 10)]
    }

    private static func isPrintableASCII(_ scalar: Unicode.Scalar) -> Bool { (0x20...0x7E).contains(scalar.value) }
}
