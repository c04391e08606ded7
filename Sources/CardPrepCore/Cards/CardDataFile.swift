/// The card data file format CardPrep's own profiles use ("CardPrep delimited, version 1"): UTF-8 text,
/// one record per line, fields separated by `|`, a header first and a trailer last.
///
/// ```
/// H|CARDPREP-CARDS|1|<customer>|<drop>|<order id>|<created YYYY-MM-DD>
/// D|<record>|<order line>|<product>|<branch>|<card number>|<expiry YYMM>|<name>|<service code>|<holder type>|<valid from>|<valid until>
/// T|<detail count>|<hash total>
/// ```
/// Bank cards fill expiry and service code; access and ID cards fill holder type (owner, tenant, merchant)
/// and the validity period (YYYY-MM-DD) instead. The hash total is the sum of all card numbers modulo 10^15.
public enum CardDataFile {
    /// The format's name in the header.
    public static let formatName = "CARDPREP-CARDS"
    /// The format's version in the header.
    public static let version = "1"
    /// The field separator.
    public static let separator: Character = "|"

    /// The header record.
    public static func header(customer: String, drop: String, orderID: String, created: String) -> String {
        ["H", formatName, version, customer, drop, orderID, created].joined(separator: "|")
    }

    /// The trailer record.
    public static func trailer(count: Int, hashTotal: HashTotal) -> String {
        ["T", String(count), hashTotal.text].joined(separator: "|")
    }
}

/// One detail record of a card data file. Holds card data: never log it, never write it in clear.
public struct CardDataRecord: Sendable, Equatable {
    public var recordNumber: Int
    public var orderLine: Int
    public var productCode: String
    public var branchCode: String
    public var cardNumber: String
    /// `YYMM` for bank cards, empty otherwise.
    public var expiry: String
    public var cardholderName: String
    public var serviceCode: String
    public var holderType: String
    public var validFrom: String
    public var validUntil: String
    /// The name in its parts, when the file sends them (format version 2) or the profile reads names surname first;
    /// nil otherwise (``CardholderName/init(record:)`` then splits ``cardholderName``).
    public var nameParts: CardholderName? = nil
    /// The cardholder's own postal address (format version 2), or nil when the carrier goes to the branch.
    public var address: PostalAddress? = nil
    /// The chip's PAN sequence number, two digits, or empty for the product's default.
    public var panSequenceNumber = ""
    /// Card values the issuer supplies in the card file (CVV1, CVV2, iCVV, PVKI, PVV), by field; card data.
    public var issuerValues: [CardValueField: String] = [:]
    /// Chip data the issuer supplies, hex BER-TLV, or empty.
    public var issuerChipData = ""

    /// Creates a record.
    public init(
        recordNumber: Int, orderLine: Int, productCode: String, branchCode: String, cardNumber: String, expiry: String,
        cardholderName: String, serviceCode: String, holderType: String, validFrom: String, validUntil: String
    ) {
        self.recordNumber = recordNumber; self.orderLine = orderLine; self.productCode = productCode
        self.branchCode = branchCode; self.cardNumber = cardNumber; self.expiry = expiry
        self.cardholderName = cardholderName; self.serviceCode = serviceCode; self.holderType = holderType
        self.validFrom = validFrom; self.validUntil = validUntil
    }

    /// The record as a `D|…` line (without the line break).
    public var line: String {
        ["D", String(recordNumber), String(orderLine), productCode, branchCode, cardNumber, expiry, cardholderName,
         serviceCode, holderType, validFrom, validUntil].joined(separator: "|")
    }
}

/// The control total of a card data file: the sum of all card numbers modulo 10^15.
public struct HashTotal: Sendable, Equatable {
    private static let modulus: UInt64 = 1_000_000_000_000_000
    public private(set) var value: UInt64 = 0

    /// An empty total.
    public init() {}

    /// Adds a card number (its digits; other characters are ignored).
    public mutating func add(_ cardNumber: some StringProtocol) {
        var number: UInt64 = 0
        // Digits are single UTF-8 bytes, and no byte of another character is a digit's.
        for byte in cardNumber.utf8 where byte >= 0x30 && byte <= 0x39 {
            number = (number * 10 + UInt64(byte - 0x30)) % Self.modulus
        }
        value = (value + number) % Self.modulus
    }

    /// The total as the trailer writes it.
    public var text: String { String(value) }
}
