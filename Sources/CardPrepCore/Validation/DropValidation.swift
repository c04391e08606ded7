import Foundation

/// Streams a drop's card data through every record rule, then the repeated-card rules, then the drop checks,
/// and decides whether the drop is produced or quarantined.
///
/// Memory does not grow with the drop: while reading it keeps the tally, the rejected record numbers, the
/// findings (beyond a few thousand in a scratch file, see `FindingLog`) and one sighting (fingerprint, line, masked number) per card, of which at most `runCapacity` stay
/// in memory and the rest go to nameless scratch files as sorted runs. Once the file is read, the runs are
/// merged in fingerprint order, which puts the records of a repeated card side by side and lets the registry
/// of earlier drops be read in index order.
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
    /// The repeated-card rules applied.
    public var repeatedCardRules: [any RepeatedCardRule]
    /// The drop checks applied.
    public var dropChecks: [any DropCheck]
    /// Sightings kept in memory before a sorted run goes to scratch (64 bytes each).
    public var runCapacity = 1 << 19
    /// Where scratch files are made (they have no name and vanish with the process).
    public var scratchFolder = NSTemporaryDirectory()
    /// Threads that parse and check records; results are taken in file order, so the outcome is the same for any number.
    public var workers = OrderedParallelMap.defaultWorkers
    /// Lines read before a batch is checked.
    public var batchSize = 8192

    /// Creates a validation against an order's lines.
    public init(
        contract: CardDataContract, orderLines: [OrderLine]?, orderID: String? = nil, today: CalendarDate,
        rules: [any RecordRule] = RuleCatalogue.all, repeatedCardRules: [any RepeatedCardRule] = RuleCatalogue.repeatedCards,
        dropChecks: [any DropCheck] = RuleCatalogue.dropChecks
    ) {
        self.contract = contract
        self.orderLines = orderLines
        self.orderID = orderID
        self.today = today
        self.rules = rules
        self.repeatedCardRules = repeatedCardRules
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
    /// - Throws: `ValidationError` when reading, the registry or the scratch space fails; never for bad records.
    public func validate<Source: ByteSource>(
        _ source: Source, earlierDrops: any CardFingerprintRegistry
    ) throws(ValidationError) -> ValidationOutcome {
        try validateKeepingFingerprints(source, earlierDrops: earlierDrops).outcome
    }

    /// Validates the card data file read from `source`, and gives the fingerprints of the accepted cards.
    /// - Returns: the outcome, and the accepted cards' fingerprints in ascending order (none when the drop is
    ///   quarantined).
    /// - Throws: `ValidationError` when reading, the registry or the scratch space fails; never for bad records.
    public func validateKeepingFingerprints<Source: ByteSource>(
        _ source: Source, earlierDrops: any CardFingerprintRegistry
    ) throws(ValidationError) -> (outcome: ValidationOutcome, accepted: AcceptedFingerprints) {
        var reader: CardDataReader<Source>
        do { reader = try CardDataReader(source: source, contract: contract) } catch { throw .cardData(error) }
        let context = RuleContext(contract: contract, today: today, orderLines: orderLines, orderID: orderID)
        var state = StreamState(spool: SightingSpool(runCapacity: runCapacity, scratchFolder: scratchFolder), registry: earlierDrops,
                                findings: FindingLog(scratchFolder: scratchFolder))
        let check = RecordCheck(rules: rules, context: context, registry: earlierDrops)
        var batch: [CardDataLine] = []
        while true {
            batch.removeAll(keepingCapacity: true)
            do {
                while batch.count < batchSize, let line = try reader.nextLine() { batch.append(line) }
            } catch { throw .cardData(error) }
            guard !batch.isEmpty else { break }
            let checked: [CheckedLine]
            do {
                checked = try OrderedParallelMap.map(batch, workers: workers, makeWorker: { () throws(CardDataError) in
                    try CardDataParser(contract: contract)
                }) { parser, line in check.check(line, parser: parser) }
            } catch let error as CardDataError {
                throw .cardData(error)
            } catch {
                throw .cardData(.read(reason: String(describing: error)))
            }
            for line in checked { try state.take(line) }
        }
        var merge = state.spool.sorted()
        let accepted = AcceptedFingerprints(scratchFolder: scratchFolder)
        let repeated = try RepeatedCardCheck(rules: repeatedCardRules, registry: earlierDrops).run(&merge, accepted: accepted)
        try state.takeRepeated(repeated, scratchFolder: scratchFolder)
        for check in dropChecks {
            for finding in check.check(state.tally, in: context) { try state.log(finding) }
        }
        let dropReasons = state.dropReasons
        var seen = Set<ReasonCode>()
        let reasons = dropReasons.filter { seen.insert($0).inserted }
        let outcome = ValidationOutcome(findings: state.findings, tally: state.tally, rejectedRecordNumbers: state.rejected,
                                        decision: reasons.isEmpty ? .produce : .quarantine(reasons: reasons))
        return (outcome, reasons.isEmpty ? accepted : AcceptedFingerprints(scratchFolder: scratchFolder))
    }
}

/// What a validation keeps while records stream past.
private struct StreamState {
    var tally = DropTally()
    var findings: FindingLog
    /// The reason codes of drop-level findings, in order.
    var dropReasons: [ReasonCode] = []
    var rejected: Set<Int> = []
    var sawDetail = false
    let spool: SightingSpool
    let registry: any CardFingerprintRegistry

    init(spool: SightingSpool, registry: any CardFingerprintRegistry, findings: FindingLog) {
        self.spool = spool
        self.registry = registry
        self.findings = findings
    }

    mutating func log(_ finding: Finding) throws(ValidationError) {
        if finding.severity == .rejectDrop { dropReasons.append(finding.reasonCode) }
        do { try findings.append(finding) } catch { throw .scratch(error) }
    }

    mutating func take(_ checked: CheckedLine) throws(ValidationError) {
        switch checked.event {
        case nil:
            return
        case let .header(header, line)?:
            if tally.header != nil || sawDetail || tally.trailer != nil {
                try outOfPlace("a header record", line: line)
            } else {
                tally.header = header
            }
        case let .trailer(trailer, line)?:
            if tally.trailer != nil { try outOfPlace("a second trailer record", line: line) } else { tally.trailer = trailer }
        case let .detail(record, line)?:
            if tally.trailer != nil { try outOfPlace("a detail record after the trailer", line: line) }
            try detail(record, line: line, checked: checked)
        case let .malformed(finding)?:
            try log(finding)
            if finding.severity == .rejectRecord {
                tally.detailRecords += 1
                tally.rejectedRecords += 1
                if let number = finding.location.recordNumber { rejected.insert(number) }
            }
        }
    }

    /// Adds what the repeated-card rules found, keeping the findings in file order.
    mutating func takeRepeated(_ result: RepeatedCardCheck.Result, scratchFolder: String) throws(ValidationError) {
        for (recordNumber, orderLine) in result.newlyRejected {
            tally.rejectedRecords += 1
            tally.rejectedPerOrderLine[orderLine, default: 0] += 1
            rejected.insert(recordNumber)
        }
        guard !result.findings.isEmpty else { return }
        let merged = FindingLog(scratchFolder: scratchFolder)
        var later = result.findings[...]
        do {
            try findings.forEach { finding in
                while let next = later.first, let line = next.location.line, line < (finding.location.line ?? .max) {
                    try merged.append(next)
                    later = later.dropFirst()
                }
                try merged.append(finding)
            }
            for finding in later { try merged.append(finding) }
        } catch let error as ByteStreamError {
            throw .scratch(error)
        } catch {
            throw .scratch(.read(path: scratchFolder, errno: 5))
        }
        findings = merged
    }

    private mutating func detail(_ record: CardDataRecord, line: Int, checked: CheckedLine) throws(ValidationError) {
        sawDetail = true
        tally.detailRecords += 1
        tally.hashTotal.add(record.cardNumber)
        tally.recordsPerOrderLine[record.orderLine, default: 0] += 1
        for finding in checked.findings { try log(finding) }
        if checked.rejected {
            tally.rejectedRecords += 1
            tally.rejectedPerOrderLine[record.orderLine, default: 0] += 1
            rejected.insert(record.recordNumber)
        }
        guard let sighting = checked.sighting else { return }
        do { try spool.append(sighting) } catch { throw .scratch(error) }
    }

    private mutating func outOfPlace(_ what: String, line: Int) throws(ValidationError) {
        try log(Finding(.malformedRecord, .rejectDrop, at: FindingLocation(line: line), message: "\(what) is out of place"))
    }
}

/// A line parsed and run through the record rules, ready to be taken in file order.
struct CheckedLine {
    /// The record, or `nil` for an empty line.
    var event: CardDataEvent?
    /// The record rules' findings, located at the line.
    var findings: [Finding] = []
    /// Whether a record rule rejected the record.
    var rejected = false
    /// The card's sighting, for a record with a well-formed card number.
    var sighting: CardSighting?
}

/// The work on one line that depends on nothing but the line: parsing, the record rules, the fingerprint.
struct RecordCheck {
    let rules: [any RecordRule]
    let context: RuleContext
    let registry: any CardFingerprintRegistry

    func check(_ line: CardDataLine, parser: CardDataParser) -> CheckedLine {
        var checked = CheckedLine(event: parser.event(for: line))
        guard case let .detail(record, number)? = checked.event else { return checked }
        for rule in rules {
            for var finding in rule.check(record, in: context) {
                finding.location.line = number
                if finding.severity == .rejectRecord { checked.rejected = true }
                checked.findings.append(finding)
            }
        }
        if let masked = MaskedCardNumber(record.cardNumber) {
            checked.sighting = CardSighting(fingerprint: registry.fingerprint(of: record.cardNumber), line: number,
                                            recordNumber: record.recordNumber, orderLine: record.orderLine, masked: masked,
                                            rejectedByRecordRules: checked.rejected)
        }
        return checked
    }
}
