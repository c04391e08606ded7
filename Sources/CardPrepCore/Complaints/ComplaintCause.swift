/// What a complaint turned out to be about, decided when it is closed. The list is fixed so that reports count
/// like with like; `other` is for what fits none, explained in the reply.
public enum ComplaintCause: String, Sendable, CaseIterable, Codable {
    /// The card carries wrong personalisation: name, number, expiry, chip data, carrier.
    case personalisationError = "personalisation-error"
    /// The card itself is faulty: the body, the chip, the magnetic stripe, the print.
    case cardDefect = "card-defect"
    /// The bureau made the cards as ordered, from data the customer sent wrong.
    case wrongDataFromCustomer = "wrong-data-from-customer"
    /// The shipment arrived damaged.
    case deliveryDamage = "delivery-damage"
    /// The shipment, or cards of it, never arrived.
    case deliveryLost = "delivery-lost"
    /// The cards arrived after the date the order asked for.
    case lateDelivery = "late-delivery"
    /// None of the above.
    case other

    /// The names the command line accepts, for help and error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// What the bureau does about a complaint, decided when it is closed.
public enum ComplaintRemedy: String, Sendable, CaseIterable, Codable {
    /// The cards are personalised again (further physical attempts of the same logical cards).
    case remake
    /// Blank or faulty cards are replaced.
    case replace
    /// Nothing is made again; the reply explains.
    case explain
    /// The customer is credited.
    case credit
    /// Nothing is done.
    case none

    /// The names the command line accepts, for help and error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
