import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation
import Logging

/// The reconcile stage: checks a drop's production, deliveries, destructions (the floor's rows against the
/// destructions signed in the ledger) and stock movements against its order and job manifest (see
/// `Reconciliation.rules`), and writes into `<workPath>/reconcile/`:
/// `report.html` and `report.json` (each with its SSHSIG `.sig`, namespace `cardprep-report`), `report.csv`, and per shipment `delivery-list-<shipment>.txt` and `.html` (the page the
/// receiver signs: address, contact, boxes with seals and serial ranges), each with its SSHSIG `.sig`
/// (namespace `cardprep-delivery`, the pipeline's signing key). Every file is written atomically; a re-run over the
/// same inputs at the same time writes the same bytes. Inputs are described on `ReconcileInputs`. When the drop
/// reconciles cleanly, its `stock.csv` is posted to the customer's stock register in the transaction that records it
/// reconciled, once per drop (`Ledger.recordReconciliation(stock:)`).
public struct ReconcileStage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    let inputsFolder: String
    /// The bureau's signing key (a file or a key in the token); default the pipeline's `keys.signing`.
    public var signingKey: KeyReference?
    /// How many days a spoiled card may wait for destruction; default 30.
    public var maxPendingDays = 30

    /// Creates the stage for one run, reading production, shipping, stock and destruction files from `inputsFolder`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext, inputsFolder: String) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context; self.inputsFolder = inputsFolder
        signingKey = pipeline.signingKey
    }

    /// Reconciles the drop registered under `dropID`, from its work folder, and records the outcome as the drop's
    /// transition to `reconciled` or `discrepancy` (after `in production` for a drop whose results just arrived).
    /// Job files whose production results are in leave the stations' outbox.
    /// - Returns: the report; its `exitCode` is `discrepancyFound` when anything does not add up.
    /// - Throws: `ReconcileError` for a missing drop, input or key, a file that cannot be written, or a drop whose
    ///   state does not allow reconciliation (`.ledger(.refused)`).
    public func run(dropID: String) throws(ReconcileError) -> ReconcileReport {
        let found: DropRecord?
        do { found = try ledger.drop(id: dropID) } catch { throw .ledger(error) }
        guard var drop = found else { throw .dropNotFound(dropID) }
        do {
            _ = try DropLifecycle.target(of: drop.state == .jobsIssued ? .reportProduction : .reconcile, from: drop.state)
        } catch {
            var refusal = error
            refusal.drop = drop.label
            throw .ledger(.refused(refusal))
        }
        var inputs = try ReconcileInputs.load(workPath: drop.workPath, inputsFolder: inputsFolder, orderSchemaFile: pipeline.orderSchemaFile)
        let reportedJobs = Set(inputs.production.map(\.job))
        try placeRemakes(in: &inputs, dropID: drop.id)
        if context.dryRun { return try report(inputs, dropID: drop.id) }
        if drop.state == .jobsIssued {
            do {
                drop = try ledger.transition(
                    DropTransition(dropID: drop.id, action: .reportProduction, actor: context.actor, host: context.host,
                                   reason: "production results arrived for order \(inputs.order.id)"),
                    at: context.now())
            } catch { throw .ledger(error) }
        }
        // The jobs whose results are in leave the outbox before the outcome is recorded, so that a run killed in
        // between finds the drop still in production and finishes both.
        do {
            try JobFileOutbox(ledger: ledger, context: context).remove(
                of: drop.id, jobs: reportedJobs, because: "production results returned")
        } catch { throw .output(path: pipeline.jobsOutbox, reason: "\(error)") }
        return try run(inputs, workPath: drop.workPath, dropID: drop.id)
    }

    /// Reconciles the drop whose work folder is `workPath` and records the outcome.
    /// - Throws: `ReconcileError` for a missing input or key, or a file that cannot be written.
    public func run(workPath: String, dropID: String) throws(ReconcileError) -> ReconcileReport {
        var inputs = try ReconcileInputs.load(workPath: workPath, inputsFolder: inputsFolder, orderSchemaFile: pipeline.orderSchemaFile)
        try placeRemakes(in: &inputs, dropID: dropID)
        return try run(inputs, workPath: workPath, dropID: dropID)
    }

    /// Puts the cards of remake jobs (`cardprep remake`) at their logical card's place in its original job, so that a
    /// spoiled card and its remake are attempts at one place: the spoiled one due for destruction, the good one counted
    /// once. The floor's files are kept as the floor wrote them.
    private func placeRemakes(in inputs: inout ReconcileInputs, dropID: String) throws(ReconcileError) {
        let remakes: [CardRemakeRecord]
        do { remakes = try ledger.cardRemakes(dropID: dropID) } catch { throw .ledger(error) }
        guard !remakes.isEmpty else { return }
        struct Place: Hashable { let job: String; let sequence: Int }
        let places = Dictionary(remakes.map { (Place(job: $0.remakeJob, sequence: $0.remakeSequence), $0) }) { first, _ in first }
        for index in inputs.production.indices {
            guard let remake = places[Place(job: inputs.production[index].job, sequence: inputs.production[index].sequence)] else { continue }
            inputs.production[index].job = remake.job
            inputs.production[index].batch = remake.batch
            inputs.production[index].sequence = remake.sequence
        }
    }

    /// The approved quantity of each order line of `dropID` closed short.
    private func shortClosures(of dropID: String) throws(ReconcileError) -> [Int: Int] {
        let closures: [ShortClosureRecord]
        do { closures = try ledger.shortClosures(dropID: dropID) } catch { throw .ledger(error) }
        return Dictionary(closures.map { ($0.orderLine, $0.approved) }) { first, _ in first }
    }

    /// The cards reconciled replacement drops made for the order lines of `dropID`, by line.
    private func replacementsMade(for dropID: String) throws(ReconcileError) -> [Int: Int] {
        do {
            return try ledger.replacements(of: dropID).filter(\.made)
                .reduce(into: [:]) { $0[$1.record.orderLine, default: 0] += $1.record.cards }
        } catch { throw .ledger(error) }
    }

    private func input(_ inputs: ReconcileInputs, dropID: String) throws(ReconcileError) -> ReconciliationInput {
        var input = ReconciliationInput(order: inputs.order, jobs: inputs.jobs, production: inputs.production,
                                        shipments: inputs.shipments, destructions: inputs.destructions,
                                        signedDestructions: try signedDestructions(of: inputs.jobs), stock: inputs.stock,
                                        now: context.now(), maxPendingDays: maxPendingDays)
        input.shortClosures = try shortClosures(of: dropID)
        input.replacements = try replacementsMade(for: dropID)
        input.receipts = inputs.receiptsReturned ? inputs.receipts : nil
        input.boxes = inputs.boxes
        do { input.shippingPlan = try ledger.shippingPlan(dropID: dropID) } catch { throw .ledger(error) }
        return input
    }

    private func report(_ inputs: ReconcileInputs, dropID: String) throws(ReconcileError) -> ReconcileReport {
        try report(inputs, input(inputs, dropID: dropID), dropID: dropID)
    }

    private func report(_ inputs: ReconcileInputs, _ input: ReconciliationInput, dropID: String) -> ReconcileReport {
        let now = input.now
        let folder = (try? ledger.drop(id: dropID))??.customer
        let customer = folder.map { id in (id: id, name: (try? CustomerProfile.find(customer: id, in: pipeline.customersFolder))??.name) }
        let shipmentIDs = inputs.shipments.map(\.shipment).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return ReconcileReport(
            dropID: dropID, orderID: inputs.order.id, contract: inputs.order.contractNumber, generated: Timestamp.iso8601(now),
            branches: ReconcileReport.figures(input),
            shipments: shipmentIDs.map { id in summary(id, inputs.shipments.filter { $0.shipment == id }, inputs.receipts) },
            pendingDestruction: PendingDestruction.all(in: input),
            findings: inputs.findings + Reconciliation.run(input),
            customer: customer?.id, customerName: customer?.name ?? inputs.order.customer.name, bureau: pipeline.bureau ?? pipeline.name,
            recordedBy: context.actor, stockMovements: inputs.files.contains { $0.name == "stock.csv" } ? inputs.stock.count : nil)
    }

    /// The destructions signed in the ledger for the products of the drop's jobs (`cardprep stock destroy`).
    private func signedDestructions(of jobs: JobManifest) throws(ReconcileError) -> [SignedDestruction] {
        do {
            return try ledger.signedDestructions(products: Set(jobs.jobs.map(\.product))).compactMap(\.destruction)
        } catch { throw .ledger(error) }
    }

    private func run(_ inputs: ReconcileInputs, workPath: String, dropID: String) throws(ReconcileError) -> ReconcileReport {
        let input = try input(inputs, dropID: dropID)
        let report = report(inputs, input, dropID: dropID)
        context.logger.info("reconcile: \(report.findings.isEmpty ? "reconciled" : "discrepancies")", metadata: [
            "dropID": "\(dropID.prefix(12))", "order": "\(inputs.order.id)", "findings": .stringConvertible(report.findings.count)])
        if context.dryRun { return report }
        try write(report, inputs: inputs, into: DropWorkFolder(path: workPath).reconcile)
        try keepFloorFiles(inputs.files, in: DropWorkFolder(path: workPath).floor)
        let codes = Set(report.findings.map(\.code.rawValue)).sorted().joined(separator: ",")
        let words = report.findings.isEmpty ? "reconciled: no findings" : "\(report.findings.count) finding(s): \(codes)"
        var details = ["order": inputs.order.id, "findings": String(report.findings.count), "codes": codes]
        // The signed destructions the drop's spoiled cards rely on, with the people who signed them, in its history.
        let destructions = input.signedDestructionsInForce.map { record in
            ([record.executor] + record.witnesses).reduce(record.id) { $0 + " \($1.duty)=\($1.person)" }
        }
        if !destructions.isEmpty { details["destructions"] = destructions.joined(separator: "; ") }
        let stock = try report.findings.isEmpty ? stockPosting(inputs, dropID: dropID) : nil
        if let stock { details["stockPosted"] = "\(stock.movements.count) row(s) to \(stock.customer)" }
        do {
            try ledger.recordReconciliation(
                dropID: dropID, summary: "\(report.findings.count) findings", floorReports: inputs.floorReports, stock: stock,
                event: AuditEvent(event: report.findings.isEmpty ? "reconcile.clean" : "reconcile.discrepancy", dropID: dropID,
                                  actor: context.actor, host: context.host,
                                  details: details),
                transition: DropTransition(dropID: dropID, action: report.findings.isEmpty ? .reconcile : .findDiscrepancy,
                                           actor: context.actor, host: context.host, reason: words),
                at: context.now())
        } catch { throw .ledger(error) }
        return report
    }

    /// The floor's `stock.csv` of a drop that reconciles, to post to its customer's register (nil: no stock file).
    private func stockPosting(_ inputs: ReconcileInputs, dropID: String) throws(ReconcileError) -> FloorStockPosting? {
        guard let file = inputs.files.first(where: { $0.name == "stock.csv" }) else { return nil }
        let found: DropRecord?
        do { found = try ledger.drop(id: dropID) } catch { throw .ledger(error) }
        guard let drop = found else { throw .dropNotFound(dropID) }
        var digest = StreamingSHA256()
        digest.update(Array(file.text.utf8))
        let ordered = ReconciliationInput(order: inputs.order, jobs: inputs.jobs, production: [], stock: inputs.stock,
                                          now: context.now()).stockInTimeOrder
        return FloorStockPosting(customer: drop.customer, orderID: inputs.order.id, movements: ordered, sha256: digest.hex(),
                                 locations: StockLocationFacts.of(inputs.order))
    }

    private func summary(_ id: String, _ lines: [ShipmentLine], _ receipts: [ReceiptConfirmation]) -> ReconcileReport.ShipmentSummary {
        let receipt = receipts.last { $0.shipment == id }
        return ReconcileReport.ShipmentSummary(
            shipment: id, branch: lines.map(\.branch).first ?? "", carrier: lines.first?.carrier.rawValue ?? "",
            tracking: lines.first?.tracking ?? "", dispatched: lines.first.map { Timestamp.iso8601($0.dispatched) } ?? "",
            cards: lines.reduce(0) { $0 + $1.cards }, boxes: lines.first?.boxes ?? 0,
            received: receipt.map { Timestamp.iso8601($0.received) }, receivedBy: receipt?.receivedBy,
            deliveryList: DeliveryList.fileName(shipment: id))
    }

    private func write(_ report: ReconcileReport, inputs: ReconcileInputs, into folder: String) throws(ReconcileError) {
        let (order, shipments) = (inputs.order, inputs.shipments)
        func save(_ bytes: [UInt8], _ name: String) throws(ReconcileError) {
            do { try AtomicFileWriter.write(bytes, to: folder + "/" + name, mode: 0o640) } catch {
                throw .output(path: folder + "/" + name, reason: "\(error)")
            }
        }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .output(path: folder, reason: "\(error)")
        }
        let json: [UInt8]
        do { json = try ReconcileReportFiles.json(report) } catch { throw .output(path: folder + "/report.json", reason: "\(error)") }
        try save(json, "report.json")
        try save(ReconcileReportFiles.csv(report), "report.csv")
        let templates: ReportTemplates
        do { templates = try ReportTemplates(overrides: pipeline.reportTemplates) } catch {
            throw .output(path: error.path, reason: error.description)
        }
        let page = Array(ReconcileHTMLReport.html(report, templates: templates).utf8)
        try save(page, "report.html")
        let key = try loadSigningKey()
        // The report people sign and its JSON are signed by the bureau as files, like the acceptance reports.
        for (name, bytes) in [("report.html", page), ("report.json", json)] {
            let signature: String
            do { signature = try SSHSignature.sign(bytes, namespace: AcceptanceReportFiles.namespace, with: key) } catch {
                throw .key(path: signingKey?.description, reason: "\(error)")
            }
            try save(Array(signature.utf8), name + ".sig")
        }
        guard !report.shipments.isEmpty else { return }
        for summary in report.shipments {
            let text = Array(DeliveryList.text(order: order, lines: shipments.filter { $0.shipment == summary.shipment }).utf8)
            let signature: String
            do { signature = try SSHSignature.sign(text, namespace: DeliveryList.namespace, with: key) } catch {
                throw .key(path: signingKey?.description, reason: "\(error)")
            }
            try save(text, summary.deliveryList)
            try save(Array(signature.utf8), summary.deliveryList + ".sig")
            // The page the receiver signs: address, contact, boxes with seals and serials; signed the same way.
            let page = Array(DeliveryListHTML.html(order: order, lines: shipments.filter { $0.shipment == summary.shipment },
                                                   boxes: inputs.boxes, production: inputs.production, generated: report.generated,
                                                   bureau: report.bureau ?? "", templates: templates).utf8)
            let pageSignature: String
            do { pageSignature = try SSHSignature.sign(page, namespace: DeliveryList.namespace, with: key) } catch {
                throw .key(path: signingKey?.description, reason: "\(error)")
            }
            let pageName = DeliveryListHTML.fileName(shipment: summary.shipment)
            try save(page, pageName)
            try save(Array(pageSignature.utf8), pageName + ".sig")
        }
    }

    /// Keeps the floor's reports as read in the drop's work folder (`floor/`), so that they go into its bundle; a file
    /// no longer among the inputs is removed.
    private func keepFloorFiles(_ files: [FloorReports.File], in folder: String) throws(ReconcileError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let names = Set(files.map(\.name))
            for name in try fm.contentsOfDirectory(atPath: folder) where !names.contains(name) && !name.hasPrefix(".") {
                try fm.removeItem(atPath: folder + "/" + name)
            }
        } catch { throw .output(path: folder, reason: "\(error)") }
        for file in files {
            do { try AtomicFileWriter.write(Array(file.text.utf8), to: folder + "/" + file.name, mode: 0o640) } catch {
                throw .output(path: folder + "/" + file.name, reason: "\(error)")
            }
        }
    }

    private func loadSigningKey() throws(ReconcileError) -> any SSHSigningKey {
        guard let reference = signingKey else { throw .key(path: nil, reason: "no signing key is configured") }
        do { return try pipeline.keys.signingKey(reference) } catch {
            throw .key(path: reference.description, reason: "\(error)")
        }
    }
}
