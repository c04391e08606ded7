/// What a complaint is about, as the customer names it: a card by its production serial, a QA lot, a shipment, an
/// order or a drop. A complaint has one or more.
public struct ComplaintLink: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kinds of thing a complaint can name, in the order they are listed.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// A card, by the serial the production floor gave it.
        case card
        /// A QA inspection lot, by its id.
        case lot
        /// A shipment, by the id on the floor's shipping manifest.
        case shipment
        /// An order, by the customer's order id.
        case order
        /// A drop, by its id (the SHA-256 of its manifest).
        case drop
    }

    /// What kind of thing it names.
    public var kind: Kind
    /// Its serial or id; for a drop, the drop's full id.
    public var reference: String

    /// Creates a link.
    public init(_ kind: Kind, _ reference: String) { self.kind = kind; self.reference = reference }

    /// `card 000123`, `drop 204e54c8aed0` (a drop by the first 12 characters of its id).
    public var description: String { "\(kind.rawValue) \(kind == .drop ? String(reference.prefix(12)) : reference)" }
}
