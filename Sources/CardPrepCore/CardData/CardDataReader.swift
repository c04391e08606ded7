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
    public static var maxLineLength: Int { 16 * 1024 }

    private var lines: CardDataLines<Source>
    private let contract: CardDataContract
    private let gb18030: GB18030Decoder?

    /// Creates a reader over `source`.
    /// - Throws: `CardDataError.encodingUnavailable` when the contract's encoding cannot be decoded.
    public init(source: Source, contract: CardDataContract) throws(CardDataError) {
        self.lines = CardDataLines(source: source, maxLineLength: Self.maxLineLength)
        self.contract = contract
        self.gb18030 = contract.encoding == .gb18030 ? try GB18030Decoder() : nil
    }

    /// The next record, or `nil` at the end of the file. Empty lines are skipped.
    /// - Throws: `CardDataError.read` when the source fails.
    public mutating func next() throws(CardDataError) -> CardDataEvent? {
        while true {
            let line: CardDataLines<Source>.Line?
            do { line = try lines.next() } catch { throw .read(reason: String(describing: error)) }
            switch line {
            case nil:
                return nil
            case let .tooLong(number)?:
                return malformed(line: number, "the line is longer than \(Self.maxLineLength) bytes")
            case let .bytes(bytes, number)?:
                if bytes.isEmpty { continue }
                guard let text = decode(bytes, line: number) else {
                    return malformed(line: number, "the line is not valid \(contract.encoding.rawValue) text")
                }
                return parse(text, line: number)
            }
        }
    }

    private func decode(_ bytes: [UInt8], line: Int) -> String? {
        if let gb18030 { return gb18030.decode(bytes) }
        let body = line == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return String(validating: body, as: UTF8.self)
    }

    private func parse(_ text: String, line: Int) -> CardDataEvent {
        let fields: [String]
        switch CardDataFields.split(text, delimiter: contract.delimiter, quote: contract.quote) {
        case let .success(split): fields = split
        case let .failure(problem): return malformed(line: line, problem.description)
        }
        let layout = contract.layout
        switch fields[0] {
        case layout.headerMarker:
            guard fields.count == layout.headerFieldCount else {
                return malformed(line: line, fieldCountMessage("header", fields.count, layout.headerFieldCount), .rejectDrop)
            }
            return .header(CardDataHeader(fields: layout.header.mapValues { fields[$0] }), line: line)
        case layout.trailerMarker:
            guard fields.count == layout.trailerFieldCount else {
                return malformed(line: line, fieldCountMessage("trailer", fields.count, layout.trailerFieldCount), .rejectDrop)
            }
            let count = layout.trailer[.count].flatMap { Int(fields[$0]) }
            let total = layout.trailer[.hashTotal].flatMap { UInt64(fields[$0]) }
            return .trailer(CardDataTrailer(count: count, hashTotal: total), line: line)
        case layout.detailMarker:
            return detail(fields, line: line)
        default:
            return malformed(line: line, "the record type marker is not one of the profile's markers")
        }
    }

    private func detail(_ fields: [String], line: Int) -> CardDataEvent {
        let layout = contract.layout
        let recordNumber = layout.detail[.recordNumber].flatMap { $0 < fields.count ? Int(fields[$0]) : nil }
        guard fields.count == layout.detailFieldCount else {
            return malformed(line: line, recordNumber: recordNumber,
                             fieldCountMessage("detail record", fields.count, layout.detailFieldCount))
        }
        func value(_ field: DetailField) -> String { layout.detail[field].map { fields[$0] } ?? "" }
        guard let recordNumber else {
            return malformed(line: line, field: .recordNumber, "the record number is not a whole number")
        }
        guard let orderLine = Int(value(.orderLine)) else {
            return malformed(line: line, recordNumber: recordNumber, field: .orderLine,
                             "the order line is not a whole number")
        }
        let record = CardDataRecord(
            recordNumber: recordNumber, orderLine: orderLine, productCode: value(.productCode),
            branchCode: value(.branchCode), cardNumber: value(.cardNumber), expiry: value(.expiry),
            cardholderName: value(.cardholderName), serviceCode: value(.serviceCode), holderType: value(.holderType),
            validFrom: value(.validFrom), validUntil: value(.validUntil))
        return .detail(record, line: line)
    }

    private func fieldCountMessage(_ kind: String, _ found: Int, _ expected: Int) -> String {
        "the \(kind) has \(found) fields, the profile expects \(expected)"
    }

    private func malformed(
        line: Int, recordNumber: Int? = nil, field: DetailField? = nil, _ message: String,
        _ severity: Severity = .rejectRecord
    ) -> CardDataEvent {
        let location = FindingLocation(recordNumber: recordNumber, line: line, field: field?.rawValue)
        return .malformed(Finding(.malformedRecord, severity, at: location, message: message))
    }
}
