/// What becomes of a lot that was not accepted (ISO 2859-1 clause 7.5: the responsible authority decides how a lot
/// not accepted is disposed of). A drop with such a lot goes no further until each has one, signed.
public enum LotDisposition: String, Sendable, Equatable, Codable, CaseIterable {
    /// Returned to production: none of the lot's cards is delivered as it is; they are destroyed and remade.
    case returned
    /// Screened 100 % and resubmitted: every card of the lot inspected and the nonconforming ones removed.
    case screened
    /// Accepted as it is on the customer's concession (their written reference is required).
    case concession

    /// The disposition in words, for statements and reports.
    public var words: String {
        switch self {
        case .returned: "returned to production: its cards are not delivered, they are destroyed and remade"
        case .screened: "screened 100 % and resubmitted: nonconforming cards removed"
        case .concession: "accepted by customer concession"
        }
    }

    /// Whether the customer's reference is required: only the customer can concede.
    public var needsCustomerReference: Bool { self == .concession }
}
