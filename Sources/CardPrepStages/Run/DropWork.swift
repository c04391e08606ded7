import CardPrepCore
import CardPrepLedger
import CardPrepXML
import Foundation

/// What the stages read back from a drop's work folder: its order and its job manifest.
struct DropWork {
    let drop: DropRecord

    /// The drop's order (a drop holds one), validated against `schema`.
    /// - Throws: `OrderXMLError` for an unusable order; an I/O error when the folder cannot be listed.
    func order(schema: XMLSchemaValidator) throws -> Order {
        let name = try FileManager.default.contentsOfDirectory(atPath: drop.workPath + "/orders").sorted()[0]
        return try OrderParser.parse(fileAt: drop.workPath + "/orders/" + name, schema: schema)
    }

    /// The job manifest transform wrote.
    /// - Throws: an I/O or decoding error when the drop has none.
    func jobManifest() throws -> JobManifest {
        try JSONDecoder().decode(JobManifest.self, from: Data(contentsOf: URL(fileURLWithPath: drop.workPath + "/jobs/jobs.json")))
    }
}

extension StepRecord {
    /// The name the reconcile stage records its step under.
    static let reconcileStage = "reconcile"

    /// Whether this is a reconcile step that found nothing (its summary is `<n> findings`).
    var isCleanReconciliation: Bool { stage == Self.reconcileStage && summary.hasPrefix("0 findings") }
}

extension Array where Element == StepRecord {
    /// Whether the drop of these steps has reconciled cleanly.
    var reconciledCleanly: Bool { contains(where: \.isCleanReconciliation) }
}
