import Foundation

/// What production reported for each card (`serial,job,batch,sequence,status`): the source of lot sizes.
public struct ProductionResults: Sendable, Equatable {
    /// What happened to a card on the machines.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Made and fit to deliver.
        case good
        /// Spoiled in production (to be destroyed and remade).
        case spoiled
        /// Taken as a machine set-up sample.
        case sample
        /// A test card.
        case test
    }

    /// One card's production result.
    public struct Card: Sendable, Equatable {
        public var serial: String
        public var job: String
        public var batch: String
        /// The card's position in the job file (from 1).
        public var sequence: Int
        public var status: Status

        /// Creates a result.
        public init(serial: String, job: String, batch: String, sequence: Int, status: Status) {
            self.serial = serial; self.job = job; self.batch = batch; self.sequence = sequence; self.status = status
        }
    }

    /// The cards, in file order.
    public var cards: [Card]

    /// Creates results.
    public init(cards: [Card]) { self.cards = cards }

    /// The good cards of a batch, in sequence order.
    public func goodCards(ofBatch batch: String) -> [Card] {
        cards.filter { $0.batch == batch && $0.status == .good }.sorted { $0.sequence < $1.sequence }
    }

    /// Whether the results name any card of the batch.
    public func covers(batch: String) -> Bool { cards.contains { $0.batch == batch } }

    /// Parses the CSV text; a header line `serial,job,batch,sequence,status` is required.
    /// - Parameter file: names the file in errors.
    /// - Throws: `InspectionError.malformedCSV` naming the line, or for a serial given twice.
    public static func parse(csv text: String, file: String) throws(InspectionError) -> ProductionResults {
        var rows = CSVRows(text: text)
        guard let header = rows.next(), header.fields == ["serial", "job", "batch", "sequence", "status"] else {
            throw .malformedCSV(file: file, line: 1, reason: "the header must be serial,job,batch,sequence,status")
        }
        var cards: [Card] = []
        var seen = Set<String>()
        while let row = rows.next() {
            let f = row.fields
            guard f.count == 5 else { throw .malformedCSV(file: file, line: row.line, reason: "expected 5 fields, found \(f.count)") }
            guard let sequence = Int(f[3]), sequence >= 1 else {
                throw .malformedCSV(file: file, line: row.line, reason: "sequence '\(f[3])' is not a whole number from 1")
            }
            guard let status = Status(rawValue: f[4]) else {
                throw .malformedCSV(file: file, line: row.line, reason: "status '\(f[4])' is not good, spoiled, sample or test")
            }
            guard !f[0].isEmpty, seen.insert(f[0]).inserted else {
                throw .malformedCSV(file: file, line: row.line, reason: "serial '\(f[0])' is empty or given twice")
            }
            cards.append(Card(serial: f[0], job: f[1], batch: f[2], sequence: sequence, status: status))
        }
        return ProductionResults(cards: cards)
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
