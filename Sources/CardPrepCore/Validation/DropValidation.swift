import CardPrepIO
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
    /// The machines the products go to and the branches' carrier addresses, which the production-limit rules check
    /// every record against; `nil` leaves those rules nothing to check.
    public var production: ProductionTargets?
    /// Sightings kept in memory before a sorted run goes to scratch (72 bytes each).
    public var runCapacity = 1 << 18
    /// Where scratch files are made (they have no name and vanish with the process).
    public var scratchFolder = NSTemporaryDirectory()
    /// Threads that parse and check records; results are taken in file order, so the outcome is the same for any number.
    public var workers = OrderedParallelMap.defaultWorkers
    /// Lines read before a batch is checked.
    public var batchSize = 4096
    /// Called after each batch is taken with the lines read so far, for a progress line.
    public var progress: (@Sendable (Int) -> Void)?

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
        let context = RuleContext(
            contract: contract, today: today, orderLines: orderLines, orderID: orderID, production: production)
        var state = StreamState(spool: SightingSpool(runCapacity: runCapacity, scratchFolder: scratchFolder),
                                findings: FindingLog(scratchFolder: scratchFolder))
        let check = RecordCheck(rules: rules, context: context, registry: earlierDrops)
        // The next batches are read and checked on other threads while this one takes the checked lines in file order.
        var linesRead = 0
        do {
            try OrderedPipeline.withBatches(
                workers: workers,
                read: { (batch: inout [CardDataLine]) throws(CardDataError) -> Int? in
                    while batch.count < batchSize, let line = try reader.nextLine() { batch.append(line) }
                    if batch.isEmpty { return nil }
                    linesRead += batch.count
                    return linesRead
                },
                makeWorker: { () throws(CardDataError) in try CardDataParser(contract: contract) },
                map: { parser, line in check.check(line, parser: parser) }
            ) { batches in
                while let batch = try batches.next() {
                    progress?(batch.mark)
                    if let failure = batch.results.lazy.compactMap(\.fingerprintFailure).first {
                        throw ValidationError.registry(reason: failure)
                    }
                    for line in batch.results { try state.take(line) }
                }
            }
        } catch let error as ValidationError {
            throw error
        } catch let error as CardDataError {
            throw .cardData(error)
        } catch {
            throw .cardData(.read(reason: String(describing: error)))
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
