import CardPrepCore
import CardPrepXML
import Foundation

/// The files reconcile reads for one drop.
///
/// From the drop's work folder: `jobs/jobs.json` (the job manifest) and `orders/*.xml` (the order it names,
/// validated against the order schema). From the inputs folder, one folder per order:
/// ```
/// <inputs>/<order id>/production.csv    required: the stations' results
///                     shipping.csv      the shipping manifests (absent: nothing shipped yet)
///                     receipts.csv      receipt confirmations (absent: none returned yet)
///                     stock.csv         stock movements and counts of the period (absent: stock not checked)
///                     destruction.csv   destruction records (absent: none yet)
/// ```
/// The formats are documented on `ProductionResult`, `ShipmentLine`, `ReceiptConfirmation`, `StockMovement` and
/// `DestructionRecord`. A line that cannot be read is a `malformed-input` finding; a missing required file is an error.
struct ReconcileInputs {
    var jobs: JobManifest
    var order: Order
    var production: [ProductionResult] = []
    var shipments: [ShipmentLine] = []
    var receipts: [ReceiptConfirmation] = []
    var stock: [StockMovement] = []
    var destructions: [DestructionRecord] = []
    var findings: [ReconciliationFinding] = []

    static func load(workPath: String, inputsFolder: String, orderSchemaFile: String) throws(ReconcileError) -> ReconcileInputs {
        let jobsPath = workPath + "/jobs/jobs.json"
        guard let data = FileManager.default.contents(atPath: jobsPath) else { throw .inputMissing(path: jobsPath) }
        let jobs: JobManifest
        do { jobs = try JSONDecoder().decode(JobManifest.self, from: data) } catch { throw .input(path: jobsPath, reason: "\(error)") }
        var inputs = ReconcileInputs(jobs: jobs, order: try order(id: jobs.orderID, in: workPath + "/orders", schemaFile: orderSchemaFile))
        let folder = inputsFolder + "/" + jobs.orderID
        guard let production = try read(folder, "production.csv", ProductionResult.self, into: &inputs.findings) else {
            throw .inputMissing(path: folder + "/production.csv")
        }
        inputs.production = production
        inputs.shipments = try read(folder, "shipping.csv", ShipmentLine.self, into: &inputs.findings) ?? []
        inputs.receipts = try read(folder, "receipts.csv", ReceiptConfirmation.self, into: &inputs.findings) ?? []
        inputs.stock = try read(folder, "stock.csv", StockMovement.self, into: &inputs.findings) ?? []
        inputs.destructions = try read(folder, "destruction.csv", DestructionRecord.self, into: &inputs.findings) ?? []
        return inputs
    }

    static func order(id: String, in folder: String, schemaFile: String) throws(ReconcileError) -> Order {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".xml") }.sorted()
        let schema: XMLSchemaValidator
        do { schema = try XMLSchemaValidator(schemaAt: schemaFile) } catch { throw .input(path: schemaFile, reason: "\(error)") }
        for name in names {
            let path = folder + "/" + name
            do {
                let order = try OrderParser.parse(fileAt: path, schema: schema)
                if order.id == id { return order }
            } catch { throw .input(path: path, reason: "\(error)") }
        }
        throw .inputMissing(path: "\(folder)/*.xml with order \(id)")
    }

    static func read<R: CSVRecord>(_ folder: String, _ name: String, _: R.Type,
                                   into findings: inout [ReconciliationFinding]) throws(ReconcileError) -> [R]? {
        let path = folder + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw .input(path: path, reason: "cannot read the file") }
        guard let text = String(data: data, encoding: .utf8) else { throw .input(path: path, reason: "not UTF-8 text") }
        let parsed = ParsedInput<R>.parse(text, file: name)
        findings += parsed.findings
        return parsed.values
    }
}
