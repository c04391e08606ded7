/// Card data format version 2: the name in parts and the cardholder's own address.
///
/// ```
/// H|CARDPREP-CARDS|2|<customer>|<drop>|<order id>|<created YYYY-MM-DD>
/// D|<record>|<order line>|<product>|<branch>|<card number>|<expiry YYMM>|<surname>|<given names>|<title>|<service code>|<holder type>|<valid from>|<valid until>|<address line 1>|<address line 2>|<address line 3>|<postal code>|<city>|<country>
/// T|<detail count>|<hash total>
/// ```
/// The address fields are optional: a record without them has its carrier sent to its branch's address.
extension CardDataLayout {
    /// The layout of card data format version 2.
    public static let cardPrepV2: CardDataLayout = {
        var layout = CardDataLayout(
            header: cardPrepV1.header,
            detail: [
                .recordNumber: 1, .orderLine: 2, .productCode: 3, .branchCode: 4, .cardNumber: 5, .expiry: 6,
                .surname: 7, .givenNames: 8, .title: 9, .serviceCode: 10, .holderType: 11, .validFrom: 12, .validUntil: 13,
                .addressLine1: 14, .addressLine2: 15, .addressLine3: 16, .postalCode: 17, .city: 18, .country: 19,
            ],
            trailer: cardPrepV1.trailer, expectedFormatName: CardDataFile.formatName)
        layout.expectedVersion = "2"
        return layout
    }()

    /// CardPrep's layout of format `version` (1 or 2), or nil for another version.
    public static func cardPrep(version: Int) -> CardDataLayout? {
        switch version {
        case 1: cardPrepV1
        case 2: cardPrepV2
        default: nil
        }
    }

    /// Whether the layout sends the name in parts.
    public var sendsNameParts: Bool { detail[.surname] != nil || detail[.givenNames] != nil }

    /// Whether the layout sends any field of the cardholder's own address.
    public var sendsAddress: Bool {
        [.addressLine1, .addressLine2, .addressLine3, .postalCode, .city, .country].contains { detail[$0] != nil }
    }
}

extension CardDataRecord {
    /// Fills ``nameParts`` and ``address`` from the record's fields, as the parser reads them.
    /// - Parameters:
    ///   - value: the record's value of a field (empty when the layout does not send it).
    ///   - sendsNameParts: whether the layout sends the name in parts (``CardDataLayout/sendsNameParts``).
    ///   - sendsAddress: whether the layout sends any field of the cardholder's address (``CardDataLayout/sendsAddress``);
    ///     without one the record has no address, and nothing is read for it.
    ///   - order: the order the customer writes names in.
    mutating func readNameAndAddress(
        _ value: (DetailField) -> String, sendsNameParts: Bool, sendsAddress: Bool, order: NameOrder
    ) {
        if sendsNameParts {
            var parts = CardholderName(given: Self.trimmed(value(.givenNames)), family: Self.trimmed(value(.surname)))
            parts.title = Self.trimmed(value(.title))
            parts.order = order
            if !parts.given.isEmpty || !parts.family.isEmpty {
                nameParts = parts
                if cardholderName.isEmpty { cardholderName = parts.fullName }
            }
        } else if order == .surnameFirst, !cardholderName.isEmpty {
            nameParts = CardholderName(fullName: cardholderName, order: .surnameFirst)
        }
        guard sendsAddress else { return }
        let street = [value(.addressLine1), value(.addressLine2), value(.addressLine3)].map(Self.trimmed).filter { !$0.isEmpty }
        let (postalCode, city, country) = (Self.trimmed(value(.postalCode)), Self.trimmed(value(.city)), Self.trimmed(value(.country)))
        if !street.isEmpty || !postalCode.isEmpty || !city.isEmpty || !country.isEmpty {
            address = PostalAddress(street: street, city: city, postalCode: postalCode, country: country)
        }
    }

    /// The record as a version 2 `D|…` line (without the line break).
    public var lineV2: String {
        let parts = nameParts ?? CardholderName(fullName: cardholderName)
        let street = address?.street ?? []
        func line(_ index: Int) -> String { index < street.count ? street[index] : "" }
        return ["D", String(recordNumber), String(orderLine), productCode, branchCode, cardNumber, expiry, parts.family,
                parts.given, parts.title, serviceCode, holderType, validFrom, validUntil, line(0), line(1), line(2),
                address?.postalCode ?? "", address?.city ?? "", address?.country ?? ""].joined(separator: "|")
    }

    static func trimmed(_ text: String) -> String {
        if isTrimmedASCII(text) { return text }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether `text` is printable ASCII words with one space between them, which trimming leaves as it is (checked
    /// on the bytes: six address fields a card).
    static func isTrimmedASCII(_ text: String) -> Bool {
        var afterSpace = true
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") {
                if afterSpace { return false }
                afterSpace = true
            } else if byte > 0x20, byte < 0x7F {
                afterSpace = false
            } else {
                return false
            }
        }
        return !afterSpace || text.isEmpty
    }
}
