import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The acceptance report of one delivery (shipment): what it carries against the order for its branch, and the
/// inspection decision of every lot in it. Written as HTML (A4) and JSON, each signed like the lot reports, for the
/// customer to countersign when the delivery arrives. Holds no card data.
public struct DeliveryAcceptanceReport: Codable, Sendable, Equatable {
    /// Delivered against ordered for one product.
    public struct Product: Codable, Sendable, Equatable {
        public var product: String
        public var ordered: Int
        public var delivered: Int
    }

    /// One inspected lot of the delivery.
    public struct LotLine: Codable, Sendable, Equatable {
        public var lot: String
        public var product: String
        public var size: Int
        public var severity: String
        public var inspected: Int
        public var defective: Int
        public var qualificationRate: Double
        public var accepted: Bool
        /// The person id of the inspector who signed the lot's decision; nil when it was not signed.
        public var decidedBy: String?
    }

    public var shipment: String
    public var orderID: String
    public var contract: String
    public var customer: String
    public var branch: String
    public var carrier: String
    public var tracking: String
    public var dispatched: String
    public var products: [Product]
    public var lots: [LotLine]
    /// Accepted when every lot of the delivery is accepted.
    public var accepted: Bool
    public var generated: String
    /// The customer's name as its profile gives it; nil when it is not known (the id is shown then).
    public var customerName: String?
    /// The bureau's name (the pipeline's `bureau`); nil when it is not known.
    public var bureauName: String?

    /// Builds the reports of every shipment of a drop from its shipping manifest, its order and its decided lots.
    static func reports(
        shipments: [ShipmentLine], order: Order, customer: String, dropID: String, ledger: Ledger, generated: Date,
        customerName: String? = nil, bureauName: String? = nil
    ) throws -> [DeliveryAcceptanceReport] {
        let lots = try ledger.lots(dropID: dropID)
        var ids: [String] = []
        for line in shipments where !ids.contains(line.shipment) { ids.append(line.shipment) }
        return try ids.map { id in
            let lines = shipments.filter { $0.shipment == id }
            let branch = lines.first?.branch ?? ""
            let batches = Set(lines.flatMap(\.batches))
            let products = Set(lines.map(\.product))
            let inDelivery = lots.filter { batches.contains($0.id) || ($0.basis == .delivery && products.contains($0.product)) }
            let lotLines = try inDelivery.map { lot -> LotLine in
                let decision = try ledger.decision(lotID: lot.id)
                return LotLine(lot: lot.id, product: lot.product, size: lot.size, severity: decision?.severity.rawValue ?? "-",
                               inspected: decision?.decision.inspected ?? 0, defective: decision?.decision.defective ?? 0,
                               qualificationRate: decision?.decision.qualificationRate ?? 0, accepted: decision?.accepted ?? false,
                               decidedBy: decision?.statement == nil ? nil : decision?.recordedBy)
            }
            return DeliveryAcceptanceReport(
                shipment: id, orderID: order.id, contract: order.contractNumber, customer: customer, branch: branch,
                carrier: lines.first?.carrier.rawValue ?? "", tracking: lines.first?.tracking ?? "",
                dispatched: lines.first.map { Timestamp.iso8601($0.dispatched) } ?? "",
                products: products.sorted().map { product in
                    Product(product: product,
                            ordered: order.lines.filter { $0.productCode == product && $0.branchCode == branch }.reduce(0) { $0 + $1.quantity },
                            delivered: lines.filter { $0.product == product }.reduce(0) { $0 + $1.cards })
                },
                lots: lotLines, accepted: !lotLines.isEmpty && lotLines.allSatisfy(\.accepted), generated: Timestamp.iso8601(generated),
                customerName: customerName, bureauName: bureauName)
        }
    }

    /// The report as self-contained HTML that prints on A4, from the `delivery-acceptance` template.
    func html(templates: ReportTemplates = .builtIn) -> String {
        templates.render(.deliveryAcceptance, DeliveryAcceptanceView(self))
    }

    /// Writes `delivery-<shipment>.acceptance.html` and `.json` with their `.sig` files into `folder`.
    func write(to folder: String, signingKey: some SSHSigningKey, templates: ReportTemplates = .builtIn) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let base = folder + "/delivery-" + AcceptanceReportFiles.safeName(shipment) + ".acceptance"
        for (path, bytes) in [(base + ".html", Array(html(templates: templates).utf8)), (base + ".json", Array(try encoder.encode(self)))] {
            let signature = try SSHSignature.sign(bytes, namespace: AcceptanceReportFiles.namespace, with: signingKey)
            try AtomicFileWriter.write(bytes, to: path, mode: 0o640)
            try AtomicFileWriter.write(Array(signature.utf8), to: path + ".sig", mode: 0o640)
        }
    }
}
