import Foundation

/// What production reported for each card: the rows of the floor's `production.csv` (one type and one parser for
/// every stage that reads it, see `ProductionResult`), and the source of lot sizes.
public struct ProductionResults: Sendable, Equatable {
    /// The cards, in file order.
    public var cards: [ProductionResult]

    /// Creates results.
    public init(cards: [ProductionResult]) { self.cards = cards }

    /// The good cards of a batch, in sequence order.
    public func goodCards(ofBatch batch: String) -> [ProductionResult] {
        cards.filter { $0.batch == batch && $0.status == .good }.sorted { $0.sequence < $1.sequence }
    }

    /// Whether the results name any card of the batch.
    public func covers(batch: String) -> Bool { cards.contains { $0.batch == batch } }

    /// Parses `production.csv` as the floor writes it (see `ProductionResult` for the columns).
    /// - Parameter file: names the file in errors.
    /// - Throws: `InspectionError.malformedCSV` naming the first unreadable line, or a serial given twice.
    public static func parse(csv text: String, file: String) throws(InspectionError) -> ProductionResults {
        let parsed = ParsedInput<ProductionResult>.parse(text, file: file)
        if let finding = parsed.findings.first {
            throw .malformedCSV(file: file, line: finding.location.line ?? 1, reason: finding.message)
        }
        var seen = Set<String>()
        for (line, card) in parsed.records where card.serial.isEmpty || !seen.insert(card.serial).inserted {
            throw .malformedCSV(file: file, line: line, reason: "serial '\(card.serial)' is empty or given twice")
        }
        return ProductionResults(cards: parsed.values)
    }
}

/// The non-empty lines of a simple CSV file (no quoting; fields trimmed), with their line numbers.
struct CSVRows: IteratorProtocol {
    struct Row { var line: Int; var fields: [String] }
    private var lines: [Substring]
    private var index = 0

    init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    mutating func next() -> Row? {
        while index < lines.count {
            index += 1
            let line = lines[index - 1].trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return Row(line: index, fields: fields)
        }
        return nil
    }
}
