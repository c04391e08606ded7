import CardPrepCore

/// What the `delivery-acceptance` template shows of a `DeliveryAcceptanceReport`, every value already formatted.
struct DeliveryAcceptanceView: Sendable {
    struct ProductRow: Sendable {
        var product: String
        var ordered: String
        var delivered: String
        var short: Bool
    }

    struct LotRow: Sendable {
        var lot: String
        var product: String
        var size: String
        var severity: String
        var inspected: String
        var defective: String
        var qualificationRate: String
        var accepted: Bool
        var decision: String
        var decidedBy: String
    }

    var page: ReportPage
    var shipment: String
    var facts: [AcceptanceReportHTML.Row]
    var products: [ProductRow]
    var lots: [LotRow]
    var hasLots: Bool
    var accepted: Bool
    var verdict: String
    var signOff: SignOffBlock

    init(_ report: DeliveryAcceptanceReport) {
        let customer = report.customerName ?? report.customer
        page = ReportPage(title: "Delivery acceptance report", documentID: "DA-" + report.shipment, bureau: report.bureauName ?? "",
                          customer: customer, generated: report.generated)
        shipment = report.shipment
        facts = [
            AcceptanceReportHTML.Row(label: "Shipment", value: report.shipment),
            AcceptanceReportHTML.Row(label: "Order / contract", value: "\(report.orderID) / \(report.contract)"),
            AcceptanceReportHTML.Row(label: "Branch", value: report.branch),
            AcceptanceReportHTML.Row(label: "Carrier", value: "\(report.carrier) \(report.tracking)"),
            AcceptanceReportHTML.Row(label: "Dispatched", value: ReportFormat.time(report.dispatched)),
        ]
        products = report.products.map {
            ProductRow(product: $0.product, ordered: ReportFormat.grouped($0.ordered), delivered: ReportFormat.grouped($0.delivered),
                       short: $0.delivered < $0.ordered)
        }
        lots = report.lots.map {
            LotRow(lot: $0.lot, product: $0.product, size: ReportFormat.grouped($0.size), severity: $0.severity,
                   inspected: ReportFormat.grouped($0.inspected), defective: ReportFormat.grouped($0.defective),
                   qualificationRate: ReportFormat.percent($0.qualificationRate), accepted: $0.accepted,
                   decision: $0.accepted ? "accepted" : "not accepted", decidedBy: $0.decidedBy ?? "not signed")
        }
        hasLots = !lots.isEmpty
        accepted = report.accepted
        verdict = report.accepted ? "Delivery accepted" : "Delivery not accepted"
        let signers = Set(report.lots.compactMap(\.decidedBy)).sorted()
        signOff = SignOffBlock(
            recordedBy: signers.isEmpty ? "system (no lot decision signed by an inspector)"
                : "the lot decisions signed by \(signers.joined(separator: ", ")), verified against the people register",
            parties: ["For the bureau", "For the customer (received and accepted)"],
            fileSignature: SignOffBlock.bureauSignature("delivery-" + AcceptanceReportFiles.safeName(report.shipment) + ".acceptance.html"))
    }
}
