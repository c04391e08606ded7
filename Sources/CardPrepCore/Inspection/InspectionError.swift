import Foundation

/// Why a lot cannot be formed, sampled or recorded.
public enum InspectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A CSV file is not in the expected shape.
    case malformedCSV(file: String, line: Int, reason: String)
    /// The results name sampled cards that were not inspected, or cards that were not sampled.
    case sampleMismatch(lot: String, missing: [String], unexpected: [String])
    /// The lot has no cards to inspect.
    case emptyLot(String)
    /// A lot, sample or plan the command needs is not in the ledger.
    case unknown(what: String)
    /// The lot already has a sample drawn with another seed, or results recorded.
    case alreadyDone(lot: String, what: String)
    /// The seed is not 32 bytes of hex.
    case invalidSeed(String)
    /// A results line names an inspector who is not in the register of people, or whom the `qa.decide` rule does
    /// not admit as an inspector.
    case inspectorNotAdmitted(serial: String, inspector: String, reason: String)

    public var description: String {
        switch self {
        case let .malformedCSV(file, line, reason): "\(file) line \(line): \(reason)"
        case let .sampleMismatch(lot, missing, unexpected):
            "results for lot \(lot) do not match its sample: "
                + [missing.isEmpty ? nil : "not inspected: \(Self.list(missing))",
                   unexpected.isEmpty ? nil : "not in the sample: \(Self.list(unexpected))"].compactMap { $0 }.joined(separator: "; ")
        case let .emptyLot(id): "lot \(id) has no cards"
        case let .unknown(what): "no \(what)"
        case let .alreadyDone(lot, what): "lot \(lot): \(what)"
        case let .invalidSeed(text): "seed '\(text)' is not 64 hex digits (32 bytes)"
        case let .inspectorNotAdmitted(serial, inspector, reason):
            "the results line of serial \(serial) names inspector '\(inspector)', who \(reason)"
        }
    }

    private static func list(_ serials: [String]) -> String {
        serials.count <= 10 ? serials.joined(separator: ", ") : serials.prefix(10).joined(separator: ", ") + " and \(serials.count - 10) more"
    }
}
