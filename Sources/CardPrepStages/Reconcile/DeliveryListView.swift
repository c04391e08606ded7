import CardPrepCore

/// What the `delivery-list` template shows of one shipment, every value already formatted.
struct DeliveryListView: Sendable {
    struct BoxRow: Sendable {
        var box: String
        var seal: String
        var product: String
        var cards: String
        var serials: String
    }

    struct ProductRow: Sendable {
        var product: String
        var cards: String
        var serials: String
    }

    struct OrderedRow: Sendable {
        var line: String
        var product: String
        var ordered: String
        var delivered: String
        var short: Bool
    }

    var page: ReportPage
    var shipment: String
    var orderID: String
    var contract: String
    var customerUnit: String
    var destination: String
    var branch: String
    var addressLines: [String]
    var contactName: String
    var contactPhone: String
    var contactEmail: String
    var transport: [AcceptanceReportHTML.Row]
    var boxCount: String
    var itemised: Bool
    var hasBoxes: Bool
    var boxes: [BoxRow]
    var products: [ProductRow]
    var ordered: [OrderedRow]
    var signOff: SignOffBlock

    /// The document ID of a shipment's delivery list.
    static func documentID(shipment: String) -> String { "DL-" + shipment }

    init(order: Order, lines: [ShipmentLine], boxes: [ShipmentBox]?, production: [ProductionResult], bureau: String, generated: String) {
        let first = lines[0]
        let unit = order.customerUnit.branch(code: first.branch)
        let address = unit?.address ?? order.delivery.address
        page = ReportPage(title: "Delivery list", documentID: Self.documentID(shipment: first.shipment), bureau: bureau,
                          customer: order.customer.name, generated: generated)
        shipment = first.shipment
        orderID = order.id
        contract = order.contractNumber
        customerUnit = "\(order.customerUnit.name) (\(order.customerUnit.code))"
        destination = unit?.name ?? order.customerUnit.name
        branch = first.branch
        addressLines = address.street + ["\(address.postalCode) \(address.city)", address.country]
        contactName = order.delivery.contact.name
        contactPhone = order.delivery.contact.phone
        contactEmail = order.delivery.contact.email
        let cards = lines.reduce(0) { $0 + $1.cards }
        transport = [
            .init(label: "Carrier", value: first.carrier.rawValue),
            .init(label: "Tracking", value: first.tracking),
            .init(label: "Dispatched", value: ReportFormat.time(first.dispatched)),
            .init(label: "Boxes", value: ReportFormat.grouped(first.boxes)),
            .init(label: "Cards", value: ReportFormat.grouped(cards)),
            .init(label: "Sealing", value: order.packaging.sealing.rawValue),
        ]
        boxCount = ReportFormat.count(first.boxes, "box", "boxes")
        itemised = boxes != nil
        self.boxes = (boxes ?? []).filter { $0.shipment == first.shipment }.sorted { ($0.box, $0.product) < ($1.box, $1.product) }.map {
            BoxRow(box: ReportFormat.grouped($0.box), seal: $0.seal.isEmpty ? "—" : $0.seal, product: $0.product,
                   cards: ReportFormat.grouped($0.cards), serials: $0.serials.map(\.description).joined(separator: ", "))
        }
        hasBoxes = !self.boxes.isEmpty
        products = boxes != nil ? [] : lines.map { line in
            let serials = production.filter { $0.status == .good && line.batches.contains($0.batch) }.map(\.serial).sorted()
            return ProductRow(product: line.product, cards: ReportFormat.grouped(line.cards),
                              serials: SerialRange.ranges(of: serials).joined(separator: ", "))
        }
        ordered = order.lines.filter { $0.branchCode == first.branch }.map { line in
            let delivered = lines.filter { $0.product == line.productCode }.reduce(0) { $0 + $1.cards }
            return OrderedRow(line: String(line.number), product: line.productCode, ordered: ReportFormat.grouped(line.quantity),
                              delivered: ReportFormat.grouped(delivered), short: delivered < line.quantity)
        }
        let name = DeliveryListHTML.fileName(shipment: first.shipment)
        signOff = SignOffBlock(
            recordedBy: "system (the pipeline run that recorded the shipment)",
            parties: ["Dispatched for the bureau", "Received for the customer"],
            fileSignature: "Signed by the bureau as a file: the SSHSIG signature (namespace \(DeliveryList.namespace)) is in "
                + "\(name).sig beside this list; check it with ssh-keygen -Y verify.")
    }
}
