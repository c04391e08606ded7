/// The card programme a product belongs to, which decides the fields a record must fill.
public enum CardProgramme: String, Sendable, Equatable, Codable, CaseIterable {
    /// Payment cards: a PAN, an expiry date (`YYMM`) and a service code.
    case bank
    /// Access and ID cards: a card number, a holder type and a validity period.
    case access
}

/// A range of issuer identification numbers (BINs) a product may use.
public enum BINRange: Sendable, Equatable, Codable {
    /// Every card number that starts with these digits.
    case prefix(String)
    /// Every card number whose leading digits, read as a number as long as the bounds, lie within
    /// `low...high` (both bounds have the same number of digits).
    case range(low: String, high: String)

    /// Whether `cardNumber` falls into the range.
    /// - Parameter cardNumber: the card number as ASCII digits.
    public func contains(_ cardNumber: some StringProtocol) -> Bool {
        switch self {
        case let .prefix(prefix):
            return !prefix.isEmpty && cardNumber.hasPrefix(prefix)
        case let .range(low, high):
            guard low.count == high.count, cardNumber.count >= low.count,
                let lowValue = UInt64(low), let highValue = UInt64(high),
                let leading = UInt64(cardNumber.prefix(low.count))
            else { return false }
            return (lowValue...highValue).contains(leading)
        }
    }
}

/// What a customer's profile allows for one product: its programme, BINs, number lengths,
/// validity and service codes.
public struct ProductRule: Sendable, Equatable, Codable {
    /// The bureau's product code, as in order lines and card data records.
    public var code: String
    /// The card programme.
    public var programme: CardProgramme
    /// The BIN ranges card numbers must fall into; empty allows any.
    public var binRanges: [BINRange]
    /// The allowed card number lengths (within 12...19).
    public var panLengths: ClosedRange<Int>
    /// The longest validity a card may have, in months from the day of production.
    public var maxValidityMonths: Int
    /// The fewest months a bank card must still be valid after this month: 1 by default, so a card that expires
    /// this month is refused (it would expire in the post); 0 accepts it (profile `min_validity_months`).
    public var minRemainingValidityMonths: Int = 1
    /// The service codes bank cards may carry (ISO/IEC 7813, three digits).
    public var serviceCodes: [String]
    /// For access cards: the validity by holder type, in months, unless the order line says otherwise.
    public var validityByHolderType: [HolderType: Int]
    /// Whether renewals and reissues of earlier cards are accepted (profile `repeats`); by default neither.
    public var repeats = RepeatPolicy()

    /// The default validity of access cards: owners two years, tenants and merchants one year.
    public static let standardAccessValidity: [HolderType: Int] = [.owner: 24, .tenant: 12, .merchant: 12]

    /// Creates a product rule.
    public init(
        code: String, programme: CardProgramme, binRanges: [BINRange] = [], panLengths: ClosedRange<Int>? = nil,
        maxValidityMonths: Int? = nil, serviceCodes: [String] = ["101", "201"],
        validityByHolderType: [HolderType: Int] = ProductRule.standardAccessValidity
    ) {
        self.code = code
        self.programme = programme
        self.binRanges = binRanges
        self.panLengths = panLengths ?? (programme == .bank ? 16...16 : 12...19)
        self.maxValidityMonths = maxValidityMonths ?? (programme == .bank ? 60 : 24)
        self.serviceCodes = programme == .bank ? serviceCodes : []
        self.validityByHolderType = validityByHolderType
    }

    /// Whether `cardNumber` falls into one of the product's BIN ranges (always, when none are set).
    public func allowsBIN(of cardNumber: some StringProtocol) -> Bool {
        binRanges.isEmpty || binRanges.contains { $0.contains(cardNumber) }
    }
}

/// Holder types key the validity table of a product profile by name (`owner: 24`).
extension HolderType: CodingKeyRepresentable {}
