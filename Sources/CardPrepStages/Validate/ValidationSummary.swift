import CardPrepCore
import Foundation

/// What validation decided for a drop as a whole.
public enum ValidationDecision: String, Codable, Sendable {
    /// The accepted records go on to production.
    case produce
    /// The drop is refused whole; nothing is produced.
    case rejected
}

/// What validation decided for a drop (`work/<drop>/validation/outcome.json`): the decision, the rejected
/// record numbers, and the counts per order line. No card data. Transform reads it to leave rejected records out.
public struct ValidationSummary: Codable, Sendable, Equatable {
    /// A count per order line.
    public struct Line: Codable, Sendable, Equatable {
        public var orderLine: Int
        public var product: String
        public var branch: String
        public var ordered: Int
        public var received: Int
        public var rejected: Int
        public var accepted: Int { received - rejected }
    }

    /// Whether the drop's accepted records go on to production.
    public var decision: ValidationDecision
    /// The drop-level reasons of a rejection.
    public var reasons: [String]
    public var orderID: String?
    public var cardFile: String?
    public var records: Int
    public var rejectedRecords: [Int]
    public var lines: [Line]

    /// Where the summary of a drop is kept.
    public static func path(workPath: String) -> String { workPath + "/validation/outcome.json" }

    /// Reads the summary of a validated drop.
    /// - Throws: an I/O or decoding error when the drop has none.
    public static func load(workPath: String) throws -> ValidationSummary {
        try JSONDecoder().decode(ValidationSummary.self, from: Data(contentsOf: URL(fileURLWithPath: path(workPath: workPath))))
    }

    /// The accepted record count.
    public var accepted: Int { records - rejectedRecords.count }
}
