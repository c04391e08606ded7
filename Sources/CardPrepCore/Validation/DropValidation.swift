/// Streams a drop's card data through every record rule and drop check and decides whether the drop
/// is produced or quarantined. It keeps only what it must while reading: the tally (counts per order
/// line, the running hash total), the rejected record numbers, the findings, and the drop's card
/// numbers packed for the duplicate rule (`CardsInDrop`: memory grows by about 40 bytes per card).
public struct DropValidation {
    /// The customer's contract.
    public var contract: CardDataContract
    /// The order's lines, or `nil` to validate without an order.
    public var orderLines: [OrderLine]?
    /// The order's identifier the header must name, or `nil`.
    public var orderID: String?
    /// The day of validation, passed in so that runs are deterministic.
    public var today: CalendarDate
    /// The record rules applied.
    public var rules: [any RecordRule]
    /// The drop checks applied.
    public var dropChecks: [any DropCheck]

    /// Creates a validation against an order's lines.
    public init(
        contract: CardDataContract, orderLines: [OrderLine]?, orderID: String? = nil, today: CalendarDate,
        rules: [any RecordRule] = RuleCatalogue.all, dropChecks: [any DropCheck] = RuleCatalogue.dropChecks
    ) {
        self.contract = contract
        self.orderLines = orderLines
        self.orderID = orderID
        self.today = today
        self.rules = rules
        self.dropChecks = dropChecks
    }

    /// Creates a validation against an order.
    public init(contract: CardDataContract, order: Order, today: CalendarDate) {
        self.init(contract: contract, orderLines: order.lines, orderID: order.id, today: today)
    }

    /// Validates the card data file read from `source`.
    /// - Parameters:
    ///   - source: the decrypted card data, read once, in pieces.
    ///   - earlierDrops: the registry of cards of earlier drops.
    /// - Returns: the findings, tallies and decision.
    /// - Throws: `ValidationError` when reading fails or the registry fails; never for bad records.
    public func validate<Source: ByteSource>(
        _ source: Source, earlierDrops: any CardFingerprintRegistry
    ) throws(ValidationError) -> ValidationOutcome {
        var reader: CardDataReader<Source>
        do { reader = try CardDataReader(source: source, contract: contract) } catch { throw .cardData(error) }
        let context = RuleContext(contract: contract, today: today, orderLines: orderLines, earlierDrops: earlierDrops,
                                  orderID: orderID)
        var state = StreamState()
        while true {
            let event: CardDataEvent?
            do { event = try reader.next() } catch { throw .cardData(error) }
            guard let event else { break }
            try state.take(event, rules: rules, context: context)
        }
        for check in dropChecks { state.findings += check.check(state.tally, in: context) }
        let dropReasons = state.findings.filter { $0.severity == .rejectDrop }.map(\.reasonCode)
        var seen = Set<ReasonCode>()
        let reasons = dropReasons.filter { seen.insert($0).inserted }
        return ValidationOutcome(findings: state.findings, tally: state.tally, rejectedRecordNumbers: state.rejected,
                                 decision: reasons.isEmpty ? .produce : .quarantine(reasons: reasons))
    }
}

/// What a validation keeps while records stream past.
private struct StreamState {
    var tally = DropTally()
    var findings: [Finding] = []
    var rejected: Set<Int> = []
    var sawDetail = false

    mutating func take(_ event: CardDataEvent, rules: [any RecordRule], context: RuleContext) throws(ValidationError) {
        switch event {
        case let .header(header, line):
            if tally.header != nil || sawDetail || tally.trailer != nil {
                outOfPlace("a header record", line: line)
            } else {
                tally.header = header
            }
        case let .trailer(trailer, line):
            if tally.trailer != nil { outOfPlace("a second trailer record", line: line) } else { tally.trailer = trailer }
        case let .detail(record, line):
            if tally.trailer != nil { outOfPlace("a detail record after the trailer", line: line) }
            try detail(record, line: line, rules: rules, context: context)
        case let .malformed(finding):
            findings.append(finding)
            if finding.severity == .rejectRecord {
                tally.detailRecords += 1
                tally.rejectedRecords += 1
                if let number = finding.location.recordNumber { rejected.insert(number) }
            }
        }
    }

    private mutating func detail(
        _ record: CardDataRecord, line: Int, rules: [any RecordRule], context: RuleContext
    ) throws(ValidationError) {
        sawDetail = true
        tally.detailRecords += 1
        tally.hashTotal.add(record.cardNumber)
        tally.recordsPerOrderLine[record.orderLine, default: 0] += 1
        var recordFindings: [Finding] = []
        for rule in rules {
            do { recordFindings += try rule.check(record, in: context) } catch {
                throw .registry(reason: String(describing: error))
            }
        }
        for index in recordFindings.indices { recordFindings[index].location.line = line }
        if recordFindings.contains(where: { $0.severity == .rejectRecord }) {
            tally.rejectedRecords += 1
            rejected.insert(record.recordNumber)
        }
        findings += recordFindings
        context.cardsInDrop.insert(record.cardNumber)
    }

    private mutating func outOfPlace(_ what: String, line: Int) {
        findings.append(Finding(.malformedRecord, .rejectDrop, at: FindingLocation(line: line),
                                message: "\(what) is out of place"))
    }
}
