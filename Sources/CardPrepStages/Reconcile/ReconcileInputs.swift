import CardPrepCore
import CardPrepLedger
import Foundation

/// The files reconcile reads for one drop.
///
/// From the drop's work folder: `jobs/jobs.json` (the job manifest) and `order.json` (the order as validate parsed
/// and schema-checked it). From the inputs folder, one folder per order:
/// ```
/// <inputs>/<order id>/production.csv    required: the stations' results
///                     shipping.csv      the shipping manifests (absent: nothing shipped yet)
///                     boxes.csv         the boxes of each delivery, with seals and serials (absent: not itemised)
///                     receipts.csv      receipt confirmations (absent: none returned yet)
///                     stock.csv         stock movements and counts of the period (absent: stock not checked)
///                     destruction.csv   destruction records (absent: none yet)
/// ```
/// The formats are documented on `ProductionResult`, `ShipmentLine`, `ReceiptConfirmation`, `StockMovement` and
/// `DestructionRecord`. A line that cannot be read is a `malformed-input` finding; a missing required file is an error.
/// Each file is read once; its text as read is kept in `files`, for the ledger and the drop's bundle.
struct ReconcileInputs {
    var jobs: JobManifest
    var order: Order
    var production: [ProductionResult] = []
    var shipments: [ShipmentLine] = []
    /// The boxes the floor itemised (`boxes.csv`); nil when it did not.
    var boxes: [ShipmentBox]?
    var receipts: [ReceiptConfirmation] = []
    /// Whether `receipts.csv` is there (receipts have started to come back).
    var receiptsReturned = false
    var stock: [StockMovement] = []
    var destructions: [DestructionRecord] = []
    var findings: [ReconciliationFinding] = []
    /// Every file read, as read (`production.csv` among them), in the order read: what the ledger and the bundle keep.
    var files: [FloorReports.File] = []

    /// The floor's reports for the ledger: the files other than `production.csv`, and its lines.
    var floorReports: FloorReports {
        FloorReports(files: files.filter { $0.name != "production.csv" }, production: production)
    }

    static func load(workPath: String, inputsFolder: String, orderSchemaFile: String) throws(ReconcileError) -> ReconcileInputs {
        let work = DropWorkFolder(path: workPath)
        let jobs: JobManifest, order: Order
        do { jobs = try work.jobManifest() } catch { throw .input(path: work.jobManifestFile, reason: "\(error)") }
        do { order = try work.order(schemaFile: orderSchemaFile) } catch { throw .input(path: work.typedOrder, reason: "\(error)") }
        guard order.id == jobs.orderID else {
            throw .input(path: work.typedOrder, reason: "holds order \(order.id), the job manifest names \(jobs.orderID)")
        }
        var inputs = ReconcileInputs(jobs: jobs, order: order)
        let folder = inputsFolder + "/" + jobs.orderID
        guard let production = try read(folder, "production.csv", ProductionResult.self, into: &inputs.findings, keeping: &inputs.files) else {
            throw .inputMissing(path: folder + "/production.csv")
        }
        inputs.production = production
        inputs.shipments = try read(folder, "shipping.csv", ShipmentLine.self, into: &inputs.findings, keeping: &inputs.files) ?? []
        inputs.boxes = try read(folder, "boxes.csv", ShipmentBox.self, into: &inputs.findings, keeping: &inputs.files)
        let receipts = try read(folder, "receipts.csv", ReceiptConfirmation.self, into: &inputs.findings, keeping: &inputs.files)
        inputs.receipts = receipts ?? []
        inputs.receiptsReturned = receipts != nil
        inputs.stock = try read(folder, "stock.csv", StockMovement.self, into: &inputs.findings, keeping: &inputs.files) ?? []
        inputs.destructions = try read(folder, "destruction.csv", DestructionRecord.self, into: &inputs.findings, keeping: &inputs.files) ?? []
        return inputs
    }

    static func read<R: CSVRecord>(_ folder: String, _ name: String, _: R.Type,
                                   into findings: inout [ReconciliationFinding],
                                   keeping files: inout [FloorReports.File]) throws(ReconcileError) -> [R]? {
        let path = folder + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw .input(path: path, reason: "cannot read the file") }
        guard let text = String(data: data, encoding: .utf8) else { throw .input(path: path, reason: "not UTF-8 text") }
        files.append(FloorReports.File(name: name, text: text))
        let parsed = ParsedInput<R>.parse(text, file: name)
        findings += parsed.findings
        return parsed.values
    }
}
