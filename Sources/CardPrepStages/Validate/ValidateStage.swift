import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import CardPrepXML
import Foundation
import Logging

/// The validate stage: checks each ingested drop against its order and the customer's data contract. Every
/// bad record becomes a finding in a reject report the customer can be sent (card numbers masked); the drop is
/// either passed on with its good records, or rejected whole when the order is unusable or the rejects exceed
/// the customer's policy. Accepted cards are remembered by keyed fingerprint, so the same card in a later drop
/// is caught.
public struct ValidateStage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    public static let name = "validate"

    /// Creates the stage for one run.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// Validates every drop that has been ingested and not validated yet.
    /// - Throws: key, ledger and I/O errors that stop the run. Bad records and bad orders do not throw.
    public func run(progress: (Int, Int) -> Void = { _, _ in }) throws -> ValidateReport {
        let due = try ledger.drops().filter { $0.state == .ingested }.filter { drop in
            let stages = try ledger.steps(of: drop.id).map(\.stage)
            return stages.contains("ingest") && !stages.contains(Self.name)
        }
        var report = ValidateReport()
        guard !due.isEmpty else { return report }
        let key = try loadFingerprintKey()
        let schema = try XMLSchemaValidator(schemaAt: pipeline.orderSchemaFile)
        for (index, drop) in due.enumerated() {
            progress(index, due.count)
            if context.dryRun { report.outcomes.append(.init(drop: drop, summary: nil)); continue }
            let summary: ValidationSummary
            do {
                summary = try validate(drop, key: key, schema: schema)
            } catch where DropFailure.isPerDrop(error) {
                context.logger.error("validate failed for a drop: \(error)", metadata: ["dropID": "\(drop.id.prefix(12))"])
                report.failures.append(DropFailure(stage: Self.name, dropID: drop.id, customer: drop.customer, drop: drop.name,
                                                   message: "\(error)"))
                continue
            }
            context.logger.info("drop validated", metadata: [
                "dropID": "\(drop.id.prefix(12))", "decision": "\(summary.decision)",
                "accepted": "\(summary.accepted)", "rejected": "\(summary.rejectedRecords.count)"])
            report.outcomes.append(.init(drop: drop, summary: summary))
        }
        progress(due.count, due.count)
        return report
    }

    private func validate(_ drop: DropRecord, key: FingerprintKey, schema: XMLSchemaValidator) throws -> ValidationSummary {
        let fm = FileManager.default
        let orders = try fm.contentsOfDirectory(atPath: drop.workPath + "/orders").sorted()
        let cards = try fm.contentsOfDirectory(atPath: drop.workPath + "/cards").sorted()
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
            order = try OrderParser.parse(fileAt: drop.workPath + "/orders/" + orders[0], schema: schema)
        } catch {
            let finding = Finding(.orderInvalid, .rejectDrop, at: .drop, message: "\(orders[0]): \(error)")
            return try finish(drop, findings: FindingLog([finding]), summary: .rejected(reasons: [ReasonCode.orderInvalid.rawValue]),
                              fingerprints: { _ in })
        }
        let identities = try DataKeyStore(folder: pipeline.dataKeyFolder).identity(for: drop.id)
        let cardPath = drop.workPath + "/cards/" + cards[0]
        var validation = DropValidation(contract: profile.contract, order: order, today: CalendarDate(utc: context.now()))
        validation.scratchFolder = drop.workPath
        validation.production = try ProductionTargets(order: order, profile: profile, machinesFolder: pipeline.machinesFolder)
        let (outcome, accepted) = try validation.validateKeepingFingerprints(
            try AgeDecryptingSource(wrapping: try FileByteSource(path: cardPath), identities: identities),
            earlierDrops: LedgerFingerprintRegistry(ledger: ledger, key: key))
        let received = outcome.tally.recordsPerOrderLine, rejectedPerLine = outcome.tally.rejectedPerOrderLine
        var summary = ValidationSummary(
            decision: "produce", reasons: [], orderID: order.id, cardFile: cards[0], records: outcome.tally.detailRecords,
            rejectedRecords: outcome.rejectedRecordNumbers.sorted(),
            lines: order.lines.map { line in
                ValidationSummary.Line(orderLine: line.number, product: line.productCode, branch: line.branchCode, ordered: line.quantity,
                                       received: received[line.number] ?? 0, rejected: rejectedPerLine[line.number] ?? 0)
            })
        if case let .quarantine(reasons) = outcome.decision {
            summary.decision = "rejected"
            summary.reasons = reasons.map(\.rawValue)
        }
        return try finish(drop, findings: outcome.findingLog, summary: summary, fingerprints: accepted.forEach)
    }

    /// Writes the reject reports and the summary, then records the step (and the fingerprints) in one transaction.
    private func finish(
        _ drop: DropRecord, findings: FindingLog, summary: ValidationSummary, fingerprints: ((CardFingerprint) throws -> Void) throws -> Void
    ) throws -> ValidationSummary {
        let folder = drop.workPath + "/validation"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let report = RejectReport(findings: findings)
        var csv = try AtomicFileWriter(path: folder + "/rejects.csv", mode: 0o644)
        try report.writeCSV(to: &csv)
        try csv.commit()
        try AtomicFileWriter.write(Array(report.summaryCSV().utf8), to: folder + "/rejects-summary.csv", mode: 0o644)
        var json = try AtomicFileWriter(path: folder + "/rejects.json", mode: 0o644)
        try report.writeJSON(to: &json)
        try json.commit()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFileWriter.write(Array(try encoder.encode(summary)), to: ValidationSummary.path(workPath: drop.workPath), mode: 0o644)
        let now = context.now()
        let rejected = summary.decision != "produce"
        let event = AuditEvent(
            event: rejected ? "drop.rejected" : "drop.validated", dropID: drop.id, actor: context.actor, host: context.host,
            details: ["accepted": String(rejected ? 0 : summary.accepted), "rejectedRecords": String(summary.rejectedRecords.count),
                      "reasons": summary.reasons.joined(separator: ",")])
        let step = StepRecord(dropID: drop.id, stage: Self.name, completedAt: now,
                              summary: rejected ? "rejected: \(summary.reasons.joined(separator: ","))"
                                  : "\(summary.accepted) accepted, \(summary.rejectedRecords.count) rejected")
        try ledger.completeValidation(dropID: drop.id, fingerprints: fingerprints, step: step, state: rejected ? .rejected : nil,
                                      events: [event], at: now)
        return summary
    }

    private func loadFingerprintKey() throws -> FingerprintKey {
        guard let path = pipeline.fingerprintKeyFile else {
            throw ConfigurationError(file: pipeline.file, line: nil, reason: "keys.fingerprint is required by the validate stage")
        }
        return try FingerprintKey(fileText: try PrivateKeyFile.read(path), path: path)
    }
}

extension ValidationSummary {
    static func rejected(reasons: [String]) -> ValidationSummary {
        ValidationSummary(decision: "rejected", reasons: reasons, orderID: nil, cardFile: nil, records: 0, rejectedRecords: [], lines: [])
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
    /// Drops that could not be validated this time (see `DropFailure`).
    public var failures: [DropFailure] = []
    public var rejectedDrops: Int { outcomes.filter { $0.summary?.decision == "rejected" }.count }

    /// One line for people.
    public var summary: String {
        let accepted = outcomes.compactMap(\.summary).filter { $0.decision == "produce" }
        let records = accepted.reduce(0) { $0 + $1.accepted }
        let rejects = outcomes.compactMap(\.summary).reduce(0) { $0 + $1.rejectedRecords.count }
        return "validate: \(outcomes.count) drop(s): \(accepted.count) passed (\(records) cards accepted, \(rejects) records rejected), "
            + "\(rejectedDrops) rejected whole" + (failures.isEmpty ? "" : ", \(failures.count) failed")
    }
}
