import Foundation

/// One box of a delivery as the floor packed it (`boxes.csv`, optional beside `shipping.csv`): its seal and the
/// serials it holds. A file made before boxes were itemised is simply absent; then deliveries list their box count only.
///
/// Columns, in order: `shipment,box,seal,product,cards,serials`
/// - `shipment`: the delivery's id, as in `shipping.csv`; `box`: the box's number in the delivery, from 1.
/// - `seal`: the number of the box's security seal or tamper-evident bag; required when the order's packaging is
///   sealed with one (`security-seal`, `tamper-evident-bag`), blank otherwise.
/// - `product`: the product of the cards; a box holding two products has a row per product, with the same box and seal.
/// - `cards`: how many cards of the product; `serials`: their serial ranges, `first-last` or one serial, `;` between.
public struct ShipmentBox: CSVRecord, Equatable, Codable {
    public var shipment: String
    public var box: Int
    /// The seal's number; empty when the box has none.
    public var seal: String
    public var product: String
    public var cards: Int
    public var serials: [SerialRange]

    /// Creates a box row.
    public init(shipment: String, box: Int, seal: String, product: String, cards: Int, serials: [SerialRange]) {
        self.shipment = shipment; self.box = box; self.seal = seal; self.product = product; self.cards = cards
        self.serials = serials
    }

    public static let columns = ["shipment", "box", "seal", "product", "cards", "serials"]

    /// Reads one row of `boxes.csv`.
    public init(_ fields: CSVFields) throws(CSVFieldError) {
        shipment = try fields.text("shipment")
        box = try fields.count("box", minimum: 1)
        seal = fields.optional("seal")
        product = try fields.text("product")
        cards = try fields.count("cards", minimum: 1)
        serials = []
        for text in try fields.text("serials").split(separator: ";") {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let range = SerialRange(trimmed) else { throw .invalid(column: "serials", value: trimmed, expected: "a serial range") }
            serials.append(range)
        }
    }

    /// How many serials the row's ranges hold.
    public var serialCount: Int { serials.reduce(0) { $0 + $1.count } }

    /// Whether `serial` is in the box.
    public func holds(_ serial: String) -> Bool { serials.contains { $0.contains(serial) } }

    /// The serial ranges as `boxes.csv` writes them.
    public var serialText: String { serials.map(\.description).joined(separator: ";") }
}
