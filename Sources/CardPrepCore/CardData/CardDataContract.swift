/// How one customer's card data files are laid out and what their records may contain: the
/// profile-driven part of the card data format. A pure value; `CardDataReader` and `DropValidation`
/// interpret it.
public struct CardDataContract: Sendable, Equatable, Codable {
    /// Where each field sits in the header, detail and trailer records.
    public var layout: CardDataLayout
    /// The field separator.
    public var delimiter: Character
    /// The quote character for RFC 4180-style quoting, or `nil` when fields are never quoted.
    public var quote: Character?
    /// The file's character encoding.
    public var encoding: CardDataEncoding
    /// The products the customer may send, by code.
    public var products: [ProductRule]
    /// The rules for cardholder names.
    public var names: NameRules
    /// When rejected records make the whole drop go to quarantine.
    public var rejectPolicy: RejectPolicy

    /// Creates a contract; every part but the products defaults to CardPrep's own format.
    public init(
        layout: CardDataLayout = .cardPrepV1, delimiter: Character = CardDataFile.separator, quote: Character? = nil,
        encoding: CardDataEncoding = .utf8, products: [ProductRule] = [], names: NameRules = NameRules(),
        rejectPolicy: RejectPolicy = RejectPolicy()
    ) {
        self.layout = layout
        self.delimiter = delimiter
        self.quote = quote
        self.encoding = encoding
        self.products = products
        self.names = names
        self.rejectPolicy = rejectPolicy
    }

    /// The contract of `CardDataFile`: `|`-separated UTF-8, no quoting, no products yet.
    public static let cardPrepDefault = CardDataContract()

    /// The rule for a product code, or `nil` when the contract does not know the product.
    public func product(_ code: String) -> ProductRule? { products.first { $0.code == code } }

    /// Decodes a contract; the delimiter and quote are one-character strings.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let delimiterText = try values.decode(String.self, forKey: .delimiter)
        let quoteText = try values.decodeIfPresent(String.self, forKey: .quote)
        guard delimiterText.count == 1, quoteText.map({ $0.count == 1 }) ?? true else {
            throw DecodingError.dataCorruptedError(
                forKey: .delimiter, in: values, debugDescription: "delimiter and quote must be one character each")
        }
        self.init(
            layout: try values.decodeIfPresent(CardDataLayout.self, forKey: .layout) ?? .cardPrepV1,
            delimiter: Character(delimiterText), quote: quoteText.map(Character.init),
            encoding: try values.decodeIfPresent(CardDataEncoding.self, forKey: .encoding) ?? .utf8,
            products: try values.decodeIfPresent([ProductRule].self, forKey: .products) ?? [],
            names: try values.decodeIfPresent(NameRules.self, forKey: .names) ?? NameRules(),
            rejectPolicy: try values.decodeIfPresent(RejectPolicy.self, forKey: .rejectPolicy) ?? RejectPolicy())
    }

    /// Encodes the contract; the delimiter and quote as one-character strings.
    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(layout, forKey: .layout)
        try values.encode(String(delimiter), forKey: .delimiter)
        try values.encodeIfPresent(quote.map { String($0) }, forKey: .quote)
        try values.encode(encoding, forKey: .encoding)
        try values.encode(products, forKey: .products)
        try values.encode(names, forKey: .names)
        try values.encode(rejectPolicy, forKey: .rejectPolicy)
    }

    private enum CodingKeys: String, CodingKey {
        case layout, delimiter, quote, encoding, products, names, rejectPolicy
    }
}

/// The character encodings card data files may use.
public enum CardDataEncoding: String, Sendable, Equatable, Codable, CaseIterable {
    /// UTF-8.
    case utf8
    /// GB 18030 (a superset of GBK and GB 2312), as Chinese customers send.
    case gb18030
}

/// The rules for cardholder names as the customer sends them (before transliteration).
public struct NameRules: Sendable, Equatable, Codable {
    /// What happens to a name longer than `maxLength`.
    public enum LongNamePolicy: String, Sendable, Equatable, Codable {
        /// The name is kept and abbreviated later by personalisation; a warning is noted.
        case abbreviate
        /// The record is rejected.
        case reject
    }

    /// The longest name, in characters.
    public var maxLength: Int
    /// What happens to longer names.
    public var longNamePolicy: LongNamePolicy
    /// The order the customer writes names in (profile `card_data: name_order`).
    public var order: NameOrder = .givenFirst

    private enum CodingKeys: String, CodingKey { case maxLength, longNamePolicy, order }

    /// Decodes name rules; contracts written before names had an order read given names first.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        maxLength = try values.decode(Int.self, forKey: .maxLength)
        longNamePolicy = try values.decode(LongNamePolicy.self, forKey: .longNamePolicy)
        order = try values.decodeIfPresent(NameOrder.self, forKey: .order) ?? .givenFirst
    }

    /// Creates name rules; by default 26 characters (the ISO 7813 track 1 name field), abbreviated.
    public init(maxLength: Int = 26, longNamePolicy: LongNamePolicy = .abbreviate) {
        self.maxLength = maxLength
        self.longNamePolicy = longNamePolicy
    }
}

/// How many rejected records a drop may have before it is quarantined whole instead of produced in part.
/// The drop is quarantined when the count exceeds `maxRejectedRecords` or the share exceeds `maxRejectedShare`.
public struct RejectPolicy: Sendable, Equatable, Codable {
    /// The most rejected records tolerated, or `nil` for no limit by count.
    public var maxRejectedRecords: Int?
    /// The largest tolerated share of rejected records (0...1), or `nil` for no limit by share.
    public var maxRejectedShare: Double?

    /// Creates a policy; by default any rejected record quarantines the drop.
    public init(maxRejectedRecords: Int? = 0, maxRejectedShare: Double? = nil) {
        self.maxRejectedRecords = maxRejectedRecords
        self.maxRejectedShare = maxRejectedShare
    }

    /// Whether `rejected` records out of `total` exceed the policy.
    public func isExceeded(rejected: Int, total: Int) -> Bool {
        if let limit = maxRejectedRecords, rejected > limit { return true }
        if let limit = maxRejectedShare, total > 0, Double(rejected) / Double(total) > limit { return true }
        return false
    }
}
