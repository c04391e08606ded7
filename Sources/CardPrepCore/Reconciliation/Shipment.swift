import Foundation

/// One line of a shipping manifest (`shipping.csv`): the cards of one product in one delivery to one branch.
///
/// Columns, in order: `shipment,contract,branch,boxes,product,cards,batches,carrier,tracking,dispatched`
/// - `shipment`: the delivery's id; a delivery to several products has one line per product, each repeating it.
/// - `contract`: the order's contract number; `branch`: the branch code the delivery goes to.
/// - `boxes`: boxes in the delivery (the same on each of its lines); `cards`: cards of `product`.
/// - `batches`: the batch ids packed, separated by `;`.
/// - `carrier`: `air-cargo`, `express-courier` or `post`; `tracking`: the carrier's number; `dispatched`: ISO 8601.
public struct ShipmentLine: CSVRecord, Equatable, Codable {
    public var shipment: String
    public var contract: String
    public var branch: String
    public var boxes: Int
    public var product: String
    public var cards: Int
    public var batches: [String]
    public var carrier: DeliveryMethod
    public var tracking: String
    public var dispatched: Date

    /// Creates a line.
    public init(shipment: String, contract: String, branch: String, boxes: Int, product: String, cards: Int, batches: [String],
                carrier: DeliveryMethod, tracking: String, dispatched: Date) {
        self.shipment = shipment; self.contract = contract; self.branch = branch; self.boxes = boxes; self.product = product
        self.cards = cards; self.batches = batches; self.carrier = carrier; self.tracking = tracking; self.dispatched = dispatched
    }

    public static let columns = ["shipment", "contract", "branch", "boxes", "product", "cards", "batches", "carrier", "tracking",
                                 "dispatched"]

    /// Reads one row of `shipping.csv`.
    public init(_ fields: CSVFields) throws(CSVFieldError) {
        shipment = try fields.text("shipment")
        contract = try fields.text("contract")
        branch = try fields.text("branch")
        boxes = try fields.count("boxes", minimum: 1)
        product = try fields.text("product")
        cards = try fields.count("cards", minimum: 1)
        batches = fields.optional("batches").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        carrier = try fields.choice("carrier", DeliveryMethod.self)
        tracking = try fields.text("tracking")
        dispatched = try fields.time("dispatched")
    }
}

/// The receipt confirmation of a delivery when it returns (`receipts.csv`).
///
/// Columns: `shipment,received,received_by,boxes` — the time signed for (ISO 8601), who signed, boxes received.
public struct ReceiptConfirmation: CSVRecord, Equatable, Codable {
    public var shipment: String
    public var received: Date
    public var receivedBy: String
    public var boxes: Int

    /// Creates a confirmation.
    public init(shipment: String, received: Date, receivedBy: String, boxes: Int) {
        self.shipment = shipment; self.received = received; self.receivedBy = receivedBy; self.boxes = boxes
    }

    public static let columns = ["shipment", "received", "received_by", "boxes"]

    /// Reads one row of `receipts.csv`.
    public init(_ fields: CSVFields) throws(CSVFieldError) {
        shipment = try fields.text("shipment")
        received = try fields.time("received")
        receivedBy = try fields.text("received_by")
        boxes = try fields.count("boxes")
    }
}
