import CardPrepIO

/// Turns lines of a card data file into records, as a `CardDataContract` describes it. It keeps nothing from
/// one line to the next, so lines may be parsed on several threads, each with its own parser (a GB 18030
/// parser owns a conversion handle).
public struct CardDataParser {
    /// The longest line accepted, in bytes.
    public static var maxLineLength: Int { 16 * 1024 }

    private let contract: CardDataContract
    private let gb18030: GB18030Decoder?
    /// The delimiter and quote as bytes, when both are ASCII and records can be split as bytes.
    private let asciiSeparators: (delimiter: UInt8, quote: UInt8?)?
    /// The position of each detail field (by `DetailField.allCases` order), or nil when not sent.
    private let detailPositions: [Int?]
    private let detailFieldCount: Int
    /// Whether the layout maps any of `DetailField.issuerFields`.
    private let hasIssuerFields: Bool
    /// Whether the layout sends the name in parts, and any field of the cardholder's address.
    private let sendsNameParts: Bool, sendsAddress: Bool
    /// Whether the detail marker is also the header's or trailer's, which are then matched first.
    private let detailMarkerShared: Bool

    /// Creates a parser for the contract's layout and encoding.
    /// - Throws: `CardDataError.encodingUnavailable` when the contract's encoding cannot be decoded.
    public init(contract: CardDataContract) throws(CardDataError) {
        self.contract = contract
        do throws(TextConversionError) {
            self.gb18030 = contract.encoding == .gb18030 ? try GB18030Decoder() : nil
        } catch {
            switch error {
            case let .unavailable(_, _, code):
                throw .encodingUnavailable(encoding: CardDataEncoding.gb18030.rawValue, errno: code)
            }
        }
        if let delimiter = contract.delimiter.asciiValue, contract.quote.map({ $0.isASCII }) ?? true {
            asciiSeparators = (delimiter, contract.quote?.asciiValue)
        } else {
            asciiSeparators = nil
        }
        detailPositions = DetailField.allCases.map { contract.layout.detail[$0] }
        detailFieldCount = contract.layout.detailFieldCount
        hasIssuerFields = DetailField.issuerFields.contains { contract.layout.detail[$0] != nil }
        sendsNameParts = contract.layout.sendsNameParts
        detailMarkerShared = contract.layout.detailMarker == contract.layout.headerMarker
            || contract.layout.detailMarker == contract.layout.trailerMarker
        sendsAddress = contract.layout.sendsAddress
    }

    /// The record on `line`, or `nil` for an empty line.
    public func event(for line: CardDataLine) -> CardDataEvent? {
        if line.isTooLong { return malformed(line: line.number, "the line is longer than \(Self.maxLineLength) bytes") }
        if line.bytes.isEmpty { return nil }
        return record(in: line.bytes, line: line.number)
    }

    private func record(in bytes: [UInt8], line: Int) -> CardDataEvent {
        guard let asciiSeparators else {
            guard let text = decode(bytes, line: line) else { return invalidText(line: line) }
            return parse(text, line: line)
        }
        var utf8 = bytes
        if let gb18030 {
            guard let text = gb18030.decode(bytes) else { return invalidText(line: line) }
            utf8 = Array(text.utf8)
        } else if line == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            utf8.removeFirst(3)
        }
        let split = utf8.withUnsafeBufferPointer {
            CardDataByteFields.split($0, delimiter: asciiSeparators.delimiter, quote: asciiSeparators.quote, knownValid: gb18030 != nil)
        }
        switch split {
        case let .success(fields): return classify(fields, line: line)
        case .failure(.invalidText): return invalidText(line: line)
        case let .failure(.problem(problem)): return malformed(line: line, problem.description)
        }
    }

    private func invalidText(line: Int) -> CardDataEvent {
        malformed(line: line, "the line is not valid \(contract.encoding.rawValue) text")
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
        return classify(fields, line: line)
    }

    private func classify(_ fields: [String], line: Int) -> CardDataEvent {
        // Most lines are detail records: one comparison, without copying the layout, unless a marker is shared.
        if fields[0] == contract.layout.detailMarker, !detailMarkerShared { return detail(fields, line: line) }
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
        let recordNumber = detailPositions[DetailField.recordNumber.ordinal].flatMap { $0 < fields.count ? Int(fields[$0]) : nil }
        guard fields.count == detailFieldCount else {
            return malformed(line: line, recordNumber: recordNumber,
                             fieldCountMessage("detail record", fields.count, detailFieldCount))
        }
        let positions = detailPositions
        func value(_ field: DetailField) -> String {
            guard let position = positions[field.ordinal] else { return "" }
            return fields[position]
        }
        guard let recordNumber else {
            return malformed(line: line, field: .recordNumber, "the record number is not a whole number")
        }
        guard let orderLine = Int(value(.orderLine)) else {
            return malformed(line: line, recordNumber: recordNumber, field: .orderLine,
                             "the order line is not a whole number")
        }
        var record = CardDataRecord(
            recordNumber: recordNumber, orderLine: orderLine, productCode: value(.productCode),
            branchCode: value(.branchCode), cardNumber: value(.cardNumber), expiry: value(.expiry),
            cardholderName: value(.cardholderName), serviceCode: value(.serviceCode), holderType: value(.holderType),
            validFrom: value(.validFrom), validUntil: value(.validUntil))
        record.readNameAndAddress(value, sendsNameParts: sendsNameParts, sendsAddress: sendsAddress, order: contract.names.order)
        return .detail(withIssuerFields(record, value), line: line)
    }

    /// `record` with the chip and card value fields the layout maps (see `CardDataLayout.additionalFields`).
    private func withIssuerFields(_ record: CardDataRecord, _ value: (DetailField) -> String) -> CardDataRecord {
        guard hasIssuerFields else { return record }
        var record = record
        record.panSequenceNumber = value(.panSequenceNumber)
        record.issuerChipData = value(.chipData)
        for field in CardValueField.allCases {
            let text = value(field.detailField)
            if !text.isEmpty { record.issuerValues[field] = text }
        }
        return record
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

extension DetailField {
    /// The field's place in `allCases`, without building that array (a test checks the two agree).
    var ordinal: Int {
        switch self {
        case .recordNumber: 0
        case .orderLine: 1
        case .productCode: 2
        case .branchCode: 3
        case .cardNumber: 4
        case .expiry: 5
        case .cardholderName: 6
        case .serviceCode: 7
        case .holderType: 8
        case .validFrom: 9
        case .validUntil: 10
        case .surname: 11
        case .givenNames: 12
        case .title: 13
        case .addressLine1: 14
        case .addressLine2: 15
        case .addressLine3: 16
        case .postalCode: 17
        case .city: 18
        case .country: 19
        case .panSequenceNumber: 20
        case .cvv1: 21
        case .cvv2: 22
        case .icvv: 23
        case .pvki: 24
        case .pvv: 25
        case .chipData: 26
        }
    }
}
