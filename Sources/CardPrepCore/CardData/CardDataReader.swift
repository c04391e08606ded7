import CardPrepIO

/// One thing read from a card data file.
public enum CardDataEvent: Sendable, Equatable {
    /// The header record.
    case header(CardDataHeader, line: Int)
    /// A detail record; it holds card data.
    case detail(CardDataRecord, line: Int)
    /// The trailer record.
    case trailer(CardDataTrailer, line: Int)
    /// A line that is not a well-formed record, as a `malformed-record` finding.
    case malformed(Finding)
}

/// Reads a card data file record by record, as its `CardDataContract` describes it, in bounded
/// memory: one line at a time, decoded from UTF-8 or GB 18030. Malformed lines come back as findings;
/// only failures of the source or the decoder are thrown.
public struct CardDataReader<Source: ByteSource> {
    /// The longest line accepted, in bytes.
    public static var maxLineLength: Int { CardDataParser.maxLineLength }

    private var lines: CardDataLines<Source>
    private let parser: CardDataParser

    /// Creates a reader over `source`.
    /// - Throws: `CardDataError.encodingUnavailable` when the contract's encoding cannot be decoded.
    public init(source: Source, contract: CardDataContract) throws(CardDataError) {
        self.lines = CardDataLines(source: source, maxLineLength: Self.maxLineLength)
        self.parser = try CardDataParser(contract: contract)
    }

    /// The next record, or `nil` at the end of the file. Empty lines are skipped.
    /// - Throws: `CardDataError.read` when the source fails.
    public mutating func next() throws(CardDataError) -> CardDataEvent? {
        while let line = try nextLine() {
            if let event = parser.event(for: line) { return event }
        }
        return nil
    }

    /// The next line as read, not parsed yet, or `nil` at the end of the file; for callers that parse lines
    /// on several threads, each with its own `CardDataParser`.
    /// - Throws: `CardDataError.read` when the source fails.
    public mutating func nextLine() throws(CardDataError) -> CardDataLine? {
        let line: CardDataLines<Source>.Line?
        do { line = try lines.next() } catch { throw .read(reason: String(describing: error)) }
        switch line {
        case nil: return nil
        case let .tooLong(number)?: return CardDataLine(bytes: [], number: number, isTooLong: true)
        case let .bytes(bytes, number)?: return CardDataLine(bytes: bytes, number: number, isTooLong: false)
        }
    }
}

/// One line of a card data file, as read: its bytes without the line break, or nothing when it was too long.
public struct CardDataLine: Sendable {
    /// The line's bytes (card data: never logged, never written to disk).
    var bytes: [UInt8]
    /// The line's number, from 1.
    public var number: Int
    /// Whether the line was longer than the limit (its bytes were dropped).
    var isTooLong: Bool
}
