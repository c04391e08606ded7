import CardPrepCore
import CardPrepIO
import CardPrepLedger
import CardPrepXML
import Foundation

/// The layout of a drop's work folder, and the typed artefacts the stages leave there for each other:
///
/// ```
/// <work>/<drop id>/
///   MANIFEST.sha256        the signed manifest, as verified at ingest
///   cards/*.age            card data re-encrypted under the drop's data key
///   orders/*.xml           the order as received and verified
///   order.json             the order as validate parsed and schema-checked it; later stages read only this
///   validation/            rejects.csv, rejects.json, rejects-summary.csv, outcome.json
///   jobs/jobs.json         the job manifest transform wrote (no card data)
///   reconcile/             reports, delivery lists, inputs.sha256
///   floor/                 the floor's reports as reconcile last read them (production.csv, shipping.csv, …)
///   inspection/            signed acceptance reports
/// ```
public struct DropWorkFolder: Sendable {
    /// The folder.
    public let path: String

    /// The work folder of `drop`.
    public init(_ drop: DropRecord) { path = drop.workPath }

    /// The work folder at `path`.
    public init(path: String) { self.path = path }

    public var cards: String { path + "/cards" }
    public var orders: String { path + "/orders" }
    public var typedOrder: String { path + "/order.json" }
    public var validation: String { path + "/validation" }
    public var validationSummary: String { ValidationSummary.path(workPath: path) }
    public var jobs: String { path + "/jobs" }
    public var jobManifestFile: String { jobs + "/jobs.json" }
    public var reconcile: String { path + "/reconcile" }
    public var reconcileInputsDigest: String { reconcile + "/inputs.sha256" }
    public var inspection: String { path + "/inspection" }
    /// The floor's reports as reconcile last read them; they go into the drop's bundle under `floor/`.
    public var floor: String { path + "/floor" }

    /// The order files as received, sorted.
    public func orderFiles() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: orders).sorted() }

    /// The card data files, sorted.
    public func cardFiles() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: cards).sorted() }

    /// Keeps the order validate parsed, for the later stages.
    public func keep(order: Order) throws {
        try AtomicFileWriter.write(Array(try Self.encoder.encode(order)), to: typedOrder, mode: 0o640)
    }

    /// The order as validate parsed it. A drop validated before orders were kept typed has none: with `schemaFile`,
    /// its order file is parsed and checked once more and kept, so that it finishes like any other.
    /// - Throws: `DropWorkError.missing` when validate has not kept one (and no schema is given), order errors.
    public func order(schemaFile: String? = nil) throws -> Order {
        if let schemaFile, !FileManager.default.fileExists(atPath: typedOrder), let name = try? orderFiles().first {
            let order = try OrderParser.parse(fileAt: orders + "/" + name, schema: try XMLSchemaValidator(schemaAt: schemaFile))
            try keep(order: order)
            return order
        }
        return try read(Order.self, at: typedOrder, "the validated order")
    }

    /// The validation summary.
    public func validationOutcome() throws -> ValidationSummary { try read(ValidationSummary.self, at: validationSummary, "the validation summary") }

    /// The job manifest transform wrote.
    public func jobManifest() throws -> JobManifest { try read(JobManifest.self, at: jobManifestFile, "the job manifest") }

    private func read<T: Decodable>(_ type: T.Type, at file: String, _ what: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: file) else { throw DropWorkError.missing(what: what, path: file) }
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw DropWorkError.unreadable(what: what, path: file, reason: "\(error)")
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// A stage's artefact that a later stage needs is not in the work folder.
public enum DropWorkError: Error, CustomStringConvertible {
    case missing(what: String, path: String)
    case unreadable(what: String, path: String, reason: String)

    public var description: String {
        switch self {
        case let .missing(what, path): "\(what) is missing: \(path)"
        case let .unreadable(what, path, reason): "\(what) cannot be read: \(path): \(reason)"
        }
    }
}
