/// The fields of a detail record, named as in `CardDataRecord`.
public enum DetailField: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    case recordNumber, orderLine, productCode, branchCode, cardNumber, expiry, cardholderName, serviceCode
    case holderType, validFrom, validUntil
    // Card data format version 2 (see `CardDataLayout.cardPrepV2`).
    case surname, givenNames, title, addressLine1, addressLine2, addressLine3, postalCode, city, country
    /// The chip's PAN sequence number (tag 5F34): two digits, or empty for the product's default.
    case panSequenceNumber
    /// Issuer-supplied card values (see `CardValueField`) and chip data (hex BER-TLV), where the profile says so.
    case cvv1, cvv2, icvv, pvki, pvv, chipData
}

/// The fields of a header record.
public enum HeaderField: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    case formatName, version, customer, drop, orderID, created
}

/// The fields of a trailer record.
public enum TrailerField: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    case count, hashTotal
}

/// Where fields sit in each kind of record: position 0 holds the record type marker, the maps give
/// the position of every other field. A field missing from a map is not sent and reads as empty.
public struct CardDataLayout: Sendable, Equatable, Codable {
    /// The record type markers in position 0.
    public var headerMarker: String, detailMarker: String, trailerMarker: String
    /// The header's fields by position.
    public var header: [HeaderField: Int]
    /// The detail record's fields by position.
    public var detail: [DetailField: Int]
    /// The trailer's fields by position.
    public var trailer: [TrailerField: Int]
    /// The value the header's format name field must hold, or `nil` when it is not checked.
    public var expectedFormatName: String?
    /// The value the header's version field must hold, or `nil` when it is not checked.
    public var expectedVersion: String? = nil

    /// Creates a layout.
    public init(
        headerMarker: String = "H", detailMarker: String = "D", trailerMarker: String = "T",
        header: [HeaderField: Int], detail: [DetailField: Int], trailer: [TrailerField: Int],
        expectedFormatName: String? = nil
    ) {
        self.headerMarker = headerMarker
        self.detailMarker = detailMarker
        self.trailerMarker = trailerMarker
        self.header = header
        self.detail = detail
        self.trailer = trailer
        self.expectedFormatName = expectedFormatName
    }

    /// The layout `CardDataFile` writes.
    public static let cardPrepV1 = CardDataLayout(
        header: [.formatName: 1, .version: 2, .customer: 3, .drop: 4, .orderID: 5, .created: 6],
        detail: [
            .recordNumber: 1, .orderLine: 2, .productCode: 3, .branchCode: 4, .cardNumber: 5, .expiry: 6,
            .cardholderName: 7, .serviceCode: 8, .holderType: 9, .validFrom: 10, .validUntil: 11,
        ],
        trailer: [.count: 1, .hashTotal: 2],
        expectedFormatName: CardDataFile.formatName)

    /// The number of fields a detail record must have: one past the highest position.
    public var detailFieldCount: Int { (detail.values.max() ?? 0) + 1 }
    /// The number of fields a header record must have.
    public var headerFieldCount: Int { (header.values.max() ?? 0) + 1 }
    /// The number of fields a trailer record must have.
    public var trailerFieldCount: Int { (trailer.values.max() ?? 0) + 1 }
}

/// The header record of a card data file.
public struct CardDataHeader: Sendable, Equatable {
    /// The header's fields by name; fields the layout does not map are absent.
    public var fields: [HeaderField: String]

    /// Creates a header.
    public init(fields: [HeaderField: String]) { self.fields = fields }

    /// The order the file belongs to, when the layout sends it.
    public var orderID: String? { fields[.orderID] }
}

/// The trailer record of a card data file: the control totals the sender computed.
public struct CardDataTrailer: Sendable, Equatable {
    /// The number of detail records the sender wrote, or `nil` when the field is not a number.
    public var count: Int?
    /// The hash total the sender wrote, or `nil` when the field is not a number.
    public var hashTotal: UInt64?

    /// Creates a trailer.
    public init(count: Int?, hashTotal: UInt64?) {
        self.count = count
        self.hashTotal = hashTotal
    }
}
