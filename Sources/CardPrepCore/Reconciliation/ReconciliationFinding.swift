/// A discrepancy found by reconciliation or a stock count: a value, not an error. It names what does not
/// add up (order line, branch, batch, serial range, shipment, destruction record, stock account or input line)
/// with the expected and actual figures where there are figures.
public struct ReconciliationFinding: Sendable, Equatable, Codable, Hashable {
    /// The stable reason code.
    public var code: ReconciliationCode
    /// What the finding is about.
    public var location: ReconciliationLocation
    /// The figure that should have been found, when the finding compares figures.
    public var expected: Int?
    /// The figure that was found.
    public var actual: Int?
    /// A readable explanation; never holds card data (serials are production serials, not card numbers).
    public var message: String

    /// Creates a finding.
    public init(_ code: ReconciliationCode, at location: ReconciliationLocation, expected: Int? = nil, actual: Int? = nil,
                message: String) {
        self.code = code; self.location = location; self.expected = expected; self.actual = actual; self.message = message
    }
}

/// Where a reconciliation finding is; fields that do not apply are nil.
public struct ReconciliationLocation: Sendable, Equatable, Codable, Hashable {
    /// The input file, for findings about a line of an input.
    public var file: String?
    /// The line of that file, counted from 1 (the header is line 1).
    public var line: Int?
    public var orderLine: Int?
    public var branch: String?
    public var product: String?
    public var batch: String?
    /// One serial or a range `first-last`.
    public var serialRange: String?
    public var shipment: String?
    /// A destruction record's id.
    public var destruction: String?
    /// A stock account as `location/product/class`.
    public var account: String?

    /// Creates a location.
    public init(file: String? = nil, line: Int? = nil, orderLine: Int? = nil, branch: String? = nil, product: String? = nil,
                batch: String? = nil, serialRange: String? = nil, shipment: String? = nil, destruction: String? = nil,
                account: String? = nil) {
        self.file = file; self.line = line; self.orderLine = orderLine; self.branch = branch; self.product = product
        self.batch = batch; self.serialRange = serialRange; self.shipment = shipment; self.destruction = destruction
        self.account = account
    }

    /// The location as one readable phrase, e.g. `order line 2, branch BR-01`.
    public var summary: String {
        var parts: [String] = []
        if let file { parts.append(line.map { "\(file) line \($0)" } ?? file) }
        if let orderLine { parts.append("order line \(orderLine)") }
        if let branch { parts.append("branch \(branch)") }
        if let product { parts.append("product \(product)") }
        if let batch { parts.append("batch \(batch)") }
        if let serialRange { parts.append("serials \(serialRange)") }
        if let shipment { parts.append("shipment \(shipment)") }
        if let destruction { parts.append("destruction \(destruction)") }
        if let account { parts.append("account \(account)") }
        return parts.isEmpty ? "order" : parts.joined(separator: ", ")
    }
}

/// The stable reason codes of reconciliation findings.
public enum ReconciliationCode: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A line of an input file could not be read.
    case malformedInput = "malformed-input"
    /// An order line's quantity differs from the cards planned for it in the job manifest.
    case lineQuantity = "line-quantity"
    /// A batch's branch differs from its order lines' branch.
    case batchBranch = "batch-branch"
    /// A planned card (batch and sequence) has no good card.
    case cardMissing = "card-missing"
    /// A good card outside every planned batch position, or a second good card at one position.
    case cardUnexpected = "card-unexpected"
    /// A serial reported both good and spoiled.
    case serialGoodAndSpoiled = "serial-good-and-spoiled"
    /// A serial reported twice with the same status.
    case serialDuplicate = "serial-duplicate"
    /// Cards issued from stock differ from good + spoiled + samples + tests + returned (+ missing).
    case stockIssue = "stock-issue"
    /// A physical count differs from the book balance.
    case stockCountVariance = "stock-count-variance"
    /// Cards delivered to a branch differ from the good cards made for it.
    case deliveryQuantity = "delivery-quantity"
    /// A batch in more than one delivery.
    case shippedTwice = "shipped-twice"
    /// A shipment for another contract or a branch the order does not name.
    case shipmentUnknown = "shipment-unknown"
    /// A signed destruction without three witnesses from the production, security and warehouse departments.
    case destructionWitnesses = "destruction-witnesses"
    /// A row of `destruction.csv` with no signed destruction of its id in the ledger, or differing from it.
    case destructionUnsigned = "destruction-unsigned"
    /// A destruction record whose quantity differs from its serial ranges.
    case destructionQuantity = "destruction-quantity"
    /// A spoiled card waiting for destruction longer than allowed.
    case destructionOverdue = "destruction-overdue"
    /// A delivery with no receipt: others returned, or it is older than the receipt time allows.
    case receiptMissing = "receipt-missing"
    /// Fewer (or more) boxes signed for than dispatched.
    case receiptBoxes = "receipt-boxes"
    /// A receipt signed before its delivery was dispatched.
    case receiptBeforeDispatch = "receipt-before-dispatch"
    /// A receipt for a delivery the shipping manifests do not name.
    case receiptUnknown = "receipt-unknown"
    /// A delivery dispatched after the order's due date.
    case dispatchLate = "dispatch-late"
    /// A delivery whose itemised boxes (`boxes.csv`) are fewer or more than it was dispatched with.
    case boxCount = "box-count"
    /// A delivery whose itemised boxes hold fewer or more cards of a product than were shipped.
    case boxCards = "box-cards"
    /// A box whose serials are not its cards: another count, or serials that are not good cards of its product.
    case boxSerials = "box-serials"
    /// A box of a sealed order without a seal number, or a seal number on two boxes.
    case boxSeal = "box-seal"
    /// A box of a delivery the shipping manifests do not name.
    case boxUnknown = "box-unknown"
    /// A destruction naming a good card that was shipped.
    case destructionShipped = "destruction-shipped"
    /// A row of `destruction.csv` naming a serial `production.csv` never reported.
    case destructionUnknownSerial = "destruction-unknown-serial"
    /// A destruction dated before a card it names was spoiled.
    case destructionBeforeSpoil = "destruction-before-spoil"
    /// A row of `destruction.csv` without the reference of its camera recording.
    case destructionCCTV = "destruction-cctv"
    /// A stock movement dated after the check.
    case stockFutureDated = "stock-future-dated"
    /// A delivery that left by another delivery method than its shipping plan booked.
    case shippingCarrier = "shipping-carrier"
    /// A branch's deliveries left in more boxes than its shipping plan, or in too few to hold its cards.
    case shippingBoxes = "shipping-boxes"

    /// Orders codes by their text, for stable summaries.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
