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
    /// A regular physical inventory of the usable cards.
    case inventory
    /// A spot check of the usable cards.
    case spotCheck = "spot-check"

    /// Whether the movement is a physical count rather than a change.
    public var isCount: Bool { self == .inventory || self == .spotCheck }
}

/// A stock account: one per customer headquarters or branch, product and stock class.
public struct StockAccountKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The customer unit (headquarters) or branch code that owns the cards.
    public var location: String
    public var product: String
    public var stockClass: StockClass

    /// Creates a key.
    public init(location: String, product: String, stockClass: StockClass) {
        self.location = location; self.product = product; self.stockClass = stockClass
    }

    /// `location/product/class`.
    public var description: String { "\(location)/\(product)/\(stockClass.rawValue)" }

    /// Orders keys by their text.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}

/// One stock movement or count (`stock.csv`).
///
/// Columns, in order: `time,location,product,class,kind,quantity,reference,note`
/// - `location`: customer unit or branch code; `class`: `blank`, `prefabricated` or `obsolete`.
/// - `kind`: `received`, `issued`, `returned`, `spoiled`, `destroyed`, `inventory` or `spot-check`.
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
