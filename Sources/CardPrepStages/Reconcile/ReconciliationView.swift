import CardPrepCore

/// What the `reconciliation` template shows of a `ReconcileReport`, every value already formatted.
struct ReconciliationView: Sendable {
    struct BranchRow: Sendable {
        var branch: String
        var product: String
        var ordered: String
        var good: String
        var spoiled: String
        var delivered: String
        /// The line falls short (fewer good or delivered cards than ordered) or a finding names it.
        var short: Bool
    }

    struct ShipmentRow: Sendable {
        var shipment: String
        var branch: String
        var carrier: String
        var dispatched: String
        var boxes: String
        var cards: String
        var received: String
    }

    struct FindingRow: Sendable {
        var code: String
        var location: String
        var expected: String
        var actual: String
        var message: String
    }

    struct DestructionRow: Sendable {
        var serial: String
        var batch: String
        var state: String
    }

    var page: ReportPage
    var orderID: String
    var facts: [AcceptanceReportHTML.Row]
    var clean: Bool
    var verdict: String
    var branches: [BranchRow]
    var chart: String
    var shipments: [ShipmentRow]
    var hasShipments: Bool
    var stock: String
    var stockFindings: [FindingRow]
    var hasStockFindings: Bool
    var destruction: String
    var destructions: [DestructionRow]
    var hasDestructions: Bool
    var findings: [FindingRow]
    var hasFindings: Bool
    var signOff: SignOffBlock

    init(_ report: ReconcileReport) {
        let customer = report.customerName ?? report.customer ?? ""
        page = ReportPage(title: "Reconciliation report", documentID: "RR-" + report.orderID, bureau: report.bureau ?? "",
                          customer: customer, generated: report.generated)
        orderID = report.orderID
        facts = [
            AcceptanceReportHTML.Row(label: "Customer", value: report.customerName.map { name in
                report.customer.map { "\(name) (\($0))" } ?? name } ?? report.customer ?? "-"),
            AcceptanceReportHTML.Row(label: "Order / contract", value: "\(report.orderID) / \(report.contract)"),
            AcceptanceReportHTML.Row(label: "Drop", value: String(report.dropID.prefix(12))),
        ]
        clean = report.findings.isEmpty
        verdict = clean ? "Reconciled: every figure adds up"
            : "\(ReportFormat.count(report.findings.count, "discrepancy", "discrepancies")) found"
        let delivered = !report.shipments.isEmpty
        branches = report.branches.map { figures in
            let named = report.findings.contains { $0.location.branch == figures.branch && $0.location.product == figures.product }
            return BranchRow(
                branch: figures.branch, product: figures.product, ordered: ReportFormat.grouped(figures.ordered),
                good: ReportFormat.grouped(figures.good), spoiled: ReportFormat.grouped(figures.spoiled),
                delivered: ReportFormat.grouped(figures.delivered),
                short: named || figures.good < figures.ordered || (delivered && figures.delivered < figures.ordered))
        }
        chart = ShortfallChart.svg(report.branches, delivered: delivered)
        shipments = report.shipments.map { s in
            ShipmentRow(shipment: s.shipment, branch: s.branch, carrier: "\(s.carrier) \(s.tracking)", dispatched: ReportFormat.time(s.dispatched),
                        boxes: ReportFormat.grouped(s.boxes), cards: ReportFormat.grouped(s.cards),
                        received: s.received.map { "\(ReportFormat.time($0)) by \(s.receivedBy ?? "")" } ?? "awaiting receipt")
        }
        hasShipments = !shipments.isEmpty
        let rows = report.findings.map { finding in
            FindingRow(code: finding.code.rawValue, location: finding.location.summary,
                       expected: finding.expected.map(ReportFormat.grouped) ?? "", actual: finding.actual.map(ReportFormat.grouped) ?? "",
                       message: finding.message)
        }
        findings = rows
        hasFindings = !rows.isEmpty
        stockFindings = rows.filter { $0.code.hasPrefix("stock-") }
        hasStockFindings = !stockFindings.isEmpty
        switch (report.stockMovements, stockFindings.count) {
        case (nil, _): stock = "No stock file came back for this order: stock was not checked."
        case let (rowsRead?, 0): stock = "\(ReportFormat.count(rowsRead, "stock movement")) checked; every count adds up."
        case let (rowsRead?, problems):
            stock = "\(ReportFormat.count(rowsRead, "stock movement")) checked; \(ReportFormat.count(problems, "finding")):"
        }
        // Awaiting destruction and the destruction findings together, so that the section never says none while a
        // finding says a card was not validly destroyed.
        let destructionFindings = report.findings.filter { $0.code.rawValue.hasPrefix("destruction-") }
        destructions = report.pendingDestruction.map {
            DestructionRow(serial: $0.serial, batch: $0.batch,
                           state: "awaiting destruction for \(ReportFormat.count($0.ageDays, "day")) (spoiled \(ReportFormat.time(Timestamp.iso8601($0.spoiled))))")
        } + destructionFindings.map {
            DestructionRow(serial: $0.location.serialRange ?? "-", batch: $0.location.batch ?? $0.location.destruction ?? "-",
                           state: "not validly destroyed (\($0.code.rawValue)): \($0.message)")
        }
        hasDestructions = !destructions.isEmpty
        destruction = switch (report.pendingDestruction.count, destructionFindings.count) {
        case (0, 0): "Every spoiled card is destroyed under a signed destruction."
        case let (pending, 0): "\(ReportFormat.count(pending, "spoiled card")) awaiting destruction."
        case let (0, problems): "\(ReportFormat.count(problems, "destruction finding")): a card is not validly destroyed."
        case let (pending, problems):
            "\(ReportFormat.count(pending, "spoiled card")) awaiting destruction; \(ReportFormat.count(problems, "destruction finding"))."
        }
        let recorder = report.recordedBy ?? RunContext.systemActor
        signOff = SignOffBlock(
            recordedBy: recorder == RunContext.systemActor ? "system (the pipeline run; no person signed)"
                : "\(recorder), verified against the people register",
            parties: ["Reconciled for the bureau", "Received for the customer"],
            fileSignature: SignOffBlock.bureauSignature("report.html"))
    }
}
