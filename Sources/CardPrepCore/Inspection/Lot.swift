import Foundation

/// The classes of defect ISO 2859-1 lets a contract give their own AQL.
public enum DefectClass: String, Sendable, Codable, CaseIterable, Comparable {
    /// Makes the card unusable or unsafe (wrong PAN on the chip, another holder's name).
    case critical
    /// Likely to make the card fail in use (unreadable stripe, misaligned emboss).
    case major
    /// A cosmetic fault that does not affect use.
    case minor

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A lot submitted for inspection: a production batch, or a delivery when the order's acceptance terms say so.
///
/// A lot holds card serials, never card data: a serial is `<batch id>-<sequence>` unless production results name it.
public struct Lot: Sendable, Equatable, Codable {
    /// The batch id, or the delivery id (`<drop id, 12 hex>-D-<product>`).
    public var id: String
    /// Whether the lot is a batch or a delivery.
    public var basis: LotBasis
    /// The drop's ledger identity.
    public var dropID: String
    public var customer: String
    /// The product code; switching rules are kept per customer and product.
    public var product: String
    public var orderID: String
    public var contract: String
    /// The cards the order lines of this lot asked for.
    public var orderedQuantity: Int
    /// The cards submitted: good cards from production results, else the batch's card count.
    public var size: Int
    /// The serials of the cards in the lot, in production order; `size` of them.
    public var serials: [String]

    /// Creates a lot.
    public init(
        id: String, basis: LotBasis, dropID: String, customer: String, product: String, orderID: String,
        contract: String, orderedQuantity: Int, serials: [String]
    ) {
        self.id = id; self.basis = basis; self.dropID = dropID; self.customer = customer; self.product = product
        self.orderID = orderID; self.contract = contract; self.orderedQuantity = orderedQuantity
        self.size = serials.count; self.serials = serials
    }

    /// The serial a card gets when production results do not name it: `<batch id>-<sequence, 6 digits>`.
    public static func defaultSerial(batch: String, sequence: Int) -> String {
        let digits = String(sequence)
        return batch + "-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

/// The AQLs and inspection level used when neither the order nor the customer's profile gives them:
/// level II, lots by batch, critical 0.10, major 0.65, minor 2.5, reduced inspection not allowed.
public enum DefaultAcceptance {
    /// The documented default terms.
    public static let terms = AcceptanceTerms(
        inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.10")!, majorAQL: AQL("0.65")!, minorAQL: AQL("2.5")!,
        reducedInspectionAllowed: false)
}

extension AcceptanceTerms {
    /// The AQL of a defect class.
    public func aql(for defectClass: DefectClass) -> AQL {
        switch defectClass {
        case .critical: criticalAQL
        case .major: majorAQL
        case .minor: minorAQL
        }
    }
}
