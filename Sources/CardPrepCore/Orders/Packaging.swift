/// How an order's cards are packed for shipping.
public struct Packaging: Sendable, Equatable, Codable {
    /// How many cards go in one box.
    public var cardsPerBox: Int
    /// The product code of the carrier or mailer the cards are affixed to, if any.
    public var carrier: String?
    /// How boxes are sealed.
    public var sealing: Sealing

    /// Creates packaging instructions.
    public init(cardsPerBox: Int, carrier: String? = nil, sealing: Sealing) {
        self.cardsPerBox = cardsPerBox
        self.carrier = carrier
        self.sealing = sealing
    }
}

/// How boxes of cards are sealed.
public enum Sealing: String, Sendable, Equatable, Codable, CaseIterable {
    /// No seal.
    case none
    /// Shrink-wrapped.
    case shrinkWrap = "shrink-wrap"
    /// Packed in a numbered tamper-evident bag.
    case tamperEvidentBag = "tamper-evident-bag"
    /// Closed with a numbered security seal.
    case securitySeal = "security-seal"
}
