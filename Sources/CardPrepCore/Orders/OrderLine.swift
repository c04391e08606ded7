/// One line of an order: so many cards of one product for one branch.
public struct OrderLine: Sendable, Equatable, Codable {
    /// The line number, unique within the order.
    public var number: Int
    /// The bureau's product code.
    public var productCode: String
    /// Whether the cards are personalised, prefabricated or blank.
    public var cardType: CardType
    /// The number of cards, at least one.
    public var quantity: Int
    /// The code of the branch the cards are for.
    public var branchCode: String
    /// For access cards: who holds the card.
    public var holderType: HolderType?
    /// For access cards: how many months the card stays valid.
    public var validityMonths: Int?

    /// Creates an order line.
    public init(
        number: Int, productCode: String, cardType: CardType, quantity: Int, branchCode: String,
        holderType: HolderType? = nil, validityMonths: Int? = nil
    ) {
        self.number = number
        self.productCode = productCode
        self.cardType = cardType
        self.quantity = quantity
        self.branchCode = branchCode
        self.holderType = holderType
        self.validityMonths = validityMonths
    }
}

/// How much of a card is produced for the customer.
public enum CardType: String, Sendable, Equatable, Codable, CaseIterable {
    /// Each card carries its holder's data (bank cards, named access cards).
    case personalised
    /// Cards printed and encoded in series, not tied to a holder.
    case prefabricated
    /// White or pre-printed cards with no data.
    case blank
}

/// Who holds an access card.
public enum HolderType: String, Sendable, Equatable, Codable, CaseIterable {
    /// The owner of the property.
    case owner
    /// A tenant of the property.
    case tenant
    /// A merchant or service provider with access rights.
    case merchant
}
