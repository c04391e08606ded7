import Foundation

/// The classes of card stock a register keeps apart.
public enum StockClass: String, Sendable, Codable, CaseIterable {
    case blank, prefabricated, obsolete
}

/// What a stock movement does to its account.
public enum StockMovementKind: String, Sendable, Codable, CaseIterable {
    /// Cards delivered into stock.
    case received
    /// Cards handed to production.
    case issued
    /// Unused cards production handed back.
    case returned
    /// Stock cards found unusable: they move to the balance awaiting destruction.
    case spoiled
    /// Cards awaiting destruction that were destroyed.
    case destroyed
    /// Usable cards sent to another location of the same customer (headquarters to a branch).
    case transferredOut = "transferred-out"
    /// Usable cards arriving from another location of the same customer.
    case transferredIn = "transferred-in"
    /// Usable blank or prefabricated cards taken out of their class to become obsolete stock.
    case reclassifiedOut = "reclassified-out"
    /// Cards arriving in the obsolete class from another class of the same location.
    case reclassifiedIn = "reclassified-in"
    /// A regular physical inventory of the usable cards.
    case inventory
    /// A spot check of the usable cards.
    case spotCheck = "spot-check"

    /// Whether the movement is a physical count rather than a change.
    public var isCount: Bool { self == .inventory || self == .spotCheck }

    /// Whether the movement brings cards into its account (received, returned, transferred in, reclassified in).
    public var isIn: Bool { [.received, .returned, .transferredIn, .reclassifiedIn].contains(self) }

    /// Whether the movement takes cards out of its account (issued, destroyed, transferred out, reclassified out).
    public var isOut: Bool { [.issued, .destroyed, .transferredOut, .reclassifiedOut].contains(self) }
}

/// A stock account: one per customer, customer headquarters or branch, product and stock class. Location codes
/// belong to their customer: two customers' `HQ` are two accounts.
public struct StockAccountKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The customer (its profile id, e.g. `cust-01`) whose cards these are; empty for an account kept before
    /// registers had customers that no customer could be told for (see the README's stock section).
    public var customer: String
    /// The customer unit (headquarters) or branch code that holds the cards.
    public var location: String
    public var product: String
    public var stockClass: StockClass

    /// Creates a key.
    public init(customer: String = "", location: String, product: String, stockClass: StockClass) {
        self.customer = customer; self.location = location; self.product = product; self.stockClass = stockClass
    }

    /// `customer:location/product/class`, or `location/product/class` without a customer.
    public var description: String {
        (customer.isEmpty ? "" : customer + ":") + "\(location)/\(product)/\(stockClass.rawValue)"
    }

    /// The same location, product and class under `customer`.
    public func owned(by customer: String) -> StockAccountKey {
        StockAccountKey(customer: customer, location: location, product: product, stockClass: stockClass)
    }

    /// Orders keys by their text.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}

/// One stock movement or count (`stock.csv`).
///
/// Columns, in order: `time,location,product,class,kind,quantity,reference,note`
/// - `location`: customer unit or branch code; `class`: `blank`, `prefabricated` or `obsolete`.
/// - `kind`: `received`, `issued`, `returned`, `spoiled`, `destroyed`, `transferred-out`, `transferred-in`,
///   `reclassified-out`, `reclassified-in`, `inventory` or `spot-check`.
/// The file belongs to one order, so its accounts are the order's customer's (reconcile posts it under that customer).
/// - `quantity`: cards moved, or cards counted for `inventory` and `spot-check`.
/// - `reference`: the delivery note, order id (for `issued` and `returned`) or destruction record id.
public struct StockMovement: CSVRecord, Equatable, Codable {
    public var time: Date
    public var account: StockAccountKey
    public var kind: StockMovementKind
    public var quantity: Int
    public var reference: String
    public var note: String

    /// Creates a movement.
    public init(time: Date, account: StockAccountKey, kind: StockMovementKind, quantity: Int, reference: String = "",
                note: String = "") {
        self.time = time; self.account = account; self.kind = kind; self.quantity = quantity
        self.reference = reference; self.note = note
    }

    public static let columns = ["time", "location", "product", "class", "kind", "quantity", "reference", "note"]

    /// Reads one row of `stock.csv`.
    public init(_ fields: CSVFields) throws(CSVFieldError) {
        time = try fields.time("time")
        account = StockAccountKey(location: try fields.text("location"), product: try fields.text("product"),
                                  stockClass: try fields.choice("class", StockClass.self))
        kind = try fields.choice("kind", StockMovementKind.self)
        quantity = try fields.count("quantity", minimum: kind.isCount ? 0 : 1)
        reference = fields.optional("reference")
        note = fields.optional("note")
    }
}
