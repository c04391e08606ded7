import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import CardPrepXML
import Foundation
import Logging

/// The validate stage: checks each ingested drop against its order and the customer's data contract. Every
/// bad record becomes a finding in a reject report the customer can be sent (card numbers masked); the drop is
/// either validated with its good records, or rejected whole when the order is unusable or the rejects exceed
/// the customer's policy. Accepted cards are remembered by keyed fingerprint, so the same card in a later drop
/// is caught. The order is parsed and schema-checked here, once; later stages read the typed order it keeps.
public struct ValidateStage: Stage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    public static let name = "validate"
    let name = PipelineDefinition.Stage.validate
    let takes: Set<DropState> = [.ingested]
    private var key: (any CardFingerprintKey)?
    private var schema: XMLSchemaValidator?

    /// Creates the stage for one run.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    mutating func prepare() throws {
        key = try loadFingerprintKey()
        schema = try XMLSchemaValidator(schemaAt: pipeline.orderSchemaFile)
    }

    func run(_ drop: DropRecord) throws -> StepOutcome<ValidationSummary> {
        let summary = try validate(drop, key: key!, schema: schema!)
        context.logger.info("drop validated", metadata: [
            "dropID": "\(drop.id.prefix(12))", "decision": "\(summary.decision.rawValue)",
            "accepted": .stringConvertible(summary.accepted), "rejected": .stringConvertible(summary.rejectedRecords.count)])
        if summary.accepted > 0 {
            LedgerLookupMerge.ifDue("card fingerprints", rows: "cards", logger: context.logger) { () throws(LedgerError) in
                try ledger.mergeFingerprintsIfDue()
            }
        }
        return .moved(summary.decision == .produce ? .validated : .rejected, summary)
    }

    private func validate(_ drop: DropRecord, key: any CardFingerprintKey, schema: XMLSchemaValidator) throws -> ValidationSummary {
        let work = DropWorkFolder(drop)
        let orders = try work.orderFiles()
        let cards = try work.cardFiles()
        let profile = try CustomerProfile.find(customer: drop.customer, in: pipeline.customersFolder)
        guard let profile else { throw ConfigurationError(file: pipeline.customersFolder + "/" + drop.customer + ".yml", line: nil, reason: "no profile") }
        guard orders.count == 1, cards.count == 1 else {
            let finding = Finding(.dropLayout, .rejectDrop, at: .drop,
                                  message: "a drop must hold one order and one card data file; it holds \(orders.count) and \(cards.count)")
            return try finish(drop, findings: FindingLog([finding]), summary: .rejected(reasons: [ReasonCode.dropLayout.rawValue]),
                              fingerprints: { _ in })
        }
        let order: Order
        do {
            order = try OrderParser.parse(fileAt: work.orders + "/" + orders[0], schema: schema)
        } catch {
            // The customer gets the schema's own words with the file named as they sent it, never the bureau's paths.
            let words = "\(error)".replacingOccurrences(of: work.orders + "/", with: "")
            let finding = Finding(.orderInvalid, .rejectDrop, at: .drop, message: words.hasPrefix(orders[0]) ? words : "\(orders[0]): \(words)")
            return try finish(drop, findings: FindingLog([finding]), summary: .rejected(reasons: [ReasonCode.orderInvalid.rawValue]),
                              fingerprints: { _ in })
        }
        try work.keep(order: order)
        let replacing = try OrderReplacements(ledger: ledger).replacedOrder(for: order, customer: drop.customer, replacementDropID: drop.id)
        let replacementFindings = ReplacementOrderRule().check(order, replacing: replacing?.0)
        guard replacementFindings.isEmpty else {
            return try finish(drop, findings: FindingLog(replacementFindings),
                              summary: .rejected(reasons: [ReasonCode.replacementInvalid.rawValue]), fingerprints: { _ in })
        }
        let identities = try DataKeyStore(pipeline: pipeline).identity(for: drop.id)
        let cardPath = work.cards + "/" + cards[0]
        var validation = DropValidation(contract: profile.contract, order: order, today: CalendarDate(utc: context.now()))
        validation.scratchFolder = drop.workPath
        if let reporter = context.cardProgress {
            let total = order.lines.reduce(0) { $0 + $1.quantity }, label = drop.label
            validation.progress = { reporter.cards($0, of: total, stage: .validate, drop: label) }
        }
        validation.production = try ProductionTargets(
            order: order, profile: profile, machinesFolder: pipeline.machinesFolder, today: CalendarDate(utc: context.now()))
        let (outcome, accepted) = try validation.validateKeepingFingerprints(
            try AgeDecryptingSource(wrapping: try FileByteSource(path: cardPath), identities: identities),
            earlierDrops: LedgerFingerprintRegistry(ledger: ledger, key: key))
        let received = outcome.tally.recordsPerOrderLine, rejectedPerLine = outcome.tally.rejectedPerOrderLine
        var summary = ValidationSummary(
            decision: .produce, reasons: [], orderID: order.id, cardFile: cards[0], records: outcome.tally.detailRecords,
            rejectedRecords: outcome.rejectedRecordNumbers.sorted(),
            lines: order.lines.map { line in
                ValidationSummary.Line(orderLine: line.number, product: line.productCode, branch: line.branchCode, ordered: line.quantity,
                                       received: received[line.number] ?? 0, rejected: rejectedPerLine[line.number] ?? 0)
            })
        if case let .quarantine(reasons) = outcome.decision {
            summary.decision = .rejected
            summary.reasons = reasons.map(\.rawValue)
        }
        if let original = replacing?.1, summary.decision == .produce {
            try recordReplacement(by: drop, order: order, of: original, lines: summary.lines)
        }
        return try finish(drop, findings: outcome.findingLog, summary: summary, fingerprints: accepted.forEach)
    }

    /// Records what the replacement drop `drop` sends toward the lines of `original`, with an `order.replacement` event
    /// in the history of both drops; before the validation itself, so a run killed in between records it again.
    private func recordReplacement(by drop: DropRecord, order: Order, of original: DropRecord, lines: [ValidationSummary.Line]) throws {
        let now = context.now()
        let records = lines.filter { $0.received > $0.rejected }.map {
            OrderReplacementRecord(
                replacementDropID: drop.id, replacementOrderID: order.id, originalDropID: original.id, originalOrderID: order.replaces ?? "",
                orderLine: $0.orderLine, cards: $0.received - $0.rejected, recordedAt: now)
        }
        var details = ["order": order.id, "replaces": order.replaces ?? "", "replacementDrop": drop.label, "originalDrop": original.label]
        for record in records { details["line-\(record.orderLine)"] = String(record.cards) }
        try ledger.recordReplacement(records, events: [drop.id, original.id].map {
            AuditEvent(event: "order.replacement", dropID: $0, actor: context.actor, host: context.host, details: details)
        }, at: now)
    }

    /// Writes the reject reports and the summary, then records the step, the fingerprints and the drop's new state
    /// in one transaction.
    private func finish(
        _ drop: DropRecord, findings: FindingLog, summary: ValidationSummary, fingerprints: ((RegisteredCard) throws -> Void) throws -> Void
    ) throws -> ValidationSummary {
        let work = DropWorkFolder(drop)
        try FileManager.default.createDirectory(atPath: work.validation, withIntermediateDirectories: true)
        let report = RejectReport(findings: findings)
        var csv = try AtomicFileWriter(path: work.validation + "/rejects.csv", mode: 0o640)
        try report.writeCSV(to: &csv)
        try csv.commit()
        try AtomicFileWriter.write(Array(report.summaryCSV().utf8), to: work.validation + "/rejects-summary.csv", mode: 0o640)
        var json = try AtomicFileWriter(path: work.validation + "/rejects.json", mode: 0o640)
        try report.writeJSON(to: &json)
        try json.commit()
        try AtomicFileWriter.write(Array(try DropWorkFolder.encoder.encode(summary)), to: work.validationSummary, mode: 0o640)
        let now = context.now()
        let rejected = summary.decision == .rejected
        let event = AuditEvent(
            event: rejected ? "drop.rejected" : "drop.validated", dropID: drop.id, actor: context.actor, host: context.host,
            details: ["accepted": String(rejected ? 0 : summary.accepted), "rejectedRecords": String(summary.rejectedRecords.count),
                      "reasons": summary.reasons.joined(separator: ",")])
        let words = rejected ? "rejected: \(summary.reasons.joined(separator: ","))"
            : "\(summary.accepted) accepted, \(summary.rejectedRecords.count) rejected"
        try ledger.completeValidation(
            dropID: drop.id, cards: fingerprints, step: StepRecord(dropID: drop.id, stage: Self.name, completedAt: now, summary: words),
            transition: DropTransition(dropID: drop.id, action: rejected ? .reject : .validate, actor: context.actor,
                                       host: context.host, reason: words),
            events: [event], at: now)
        return summary
    }

    private func loadFingerprintKey() throws -> any CardFingerprintKey {
        try pipeline.fingerprintKey(for: "the validate stage")
    }
}

extension ValidationSummary {
    static func rejected(reasons: [String]) -> ValidationSummary {
        ValidationSummary(decision: .rejected, reasons: reasons, orderID: nil, cardFile: nil, records: 0, rejectedRecords: [], lines: [])
    }
}

extension CalendarDate {
    /// The UTC calendar day of `time`.
    init(utc time: Date) {
        self = CalendarDate(String(Timestamp.iso8601(time).prefix(10)))!
    }
}

/// What the validate stage did, drop by drop.
public struct ValidateReport: Sendable {
    /// One drop's result; `summary` is nil on a dry run.
    public struct Outcome: Sendable {
        public var drop: DropRecord
        public var summary: ValidationSummary?
    }

    public var outcomes: [Outcome] = []
    /// Drops that could not be validated this time; they are failed in the ledger.
    public var failures: [FailedDrop] = []
    public var rejectedDrops: Int { outcomes.filter { $0.summary?.decision == .rejected }.count }

    /// The report of a stage run.
    init(_ results: StageResults<ValidationSummary>) {
        outcomes = results.results.map { Outcome(drop: $0.drop, summary: $0.result) } + results.planned.map { Outcome(drop: $0, summary: nil) }
        failures = results.failed
    }

    /// One line for people.
    public var summary: String {
        let accepted = outcomes.compactMap(\.summary).filter { $0.decision == .produce }
        let records = accepted.reduce(0) { $0 + $1.accepted }
        let rejects = outcomes.compactMap(\.summary).reduce(0) { $0 + $1.rejectedRecords.count }
        return "validate: \(outcomes.count) drop(s): \(accepted.count) passed (\(records) cards accepted, \(rejects) records rejected), "
            + "\(rejectedDrops) rejected whole" + (failures.isEmpty ? "" : ", \(failures.count) failed")
    }
}
