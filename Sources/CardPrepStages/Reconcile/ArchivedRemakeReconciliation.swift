import CardPrepCore
import CardPrepLedger
import Foundation

/// Remakes of archived drops' cards, followed to their end in every run's reconcile stage. The drop left production
/// before its card was remade, so its own reconciliation is over: each remake (`ArchivedRemakeRecord`) waits for the
/// floor to report the remade card under its remake job in the order's folder (`<production_inputs>/<order>/`).
/// Once reported, the floor's files are kept as the drop's latest floor reports with the remade card at its logical
/// card's place (so `trace` shows both attempts and the destruction the floor reports), the remake job leaves the
/// stations' outbox, and the remake waits for the spoiled attempt's signed destruction (`cardprep stock destroy`);
/// when there is one, the remake is reconciled and the floor's reports go into the vault as a supplementary bundle
/// (`ArchivedRemakeSupplement`). Every step is a typed state change with its audit event.
public struct ArchivedRemakeReconciliation {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Creates the step for one run.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// A remake whose state changed in this run.
    public struct Outcome: Sendable, Equatable, Encodable {
        public var dropID: String
        public var remakeJob: String
        public var spoiledSerial: String
        /// The remade card's serial, once the floor reported it.
        public var serial: String?
        public var state: ArchivedRemakeState
        /// Whether the floor's report of the remade card was taken in this run.
        public var reportedInThisRun: Bool
    }

    /// Takes the floor's reports and signed destructions of every remake still waiting.
    /// - Returns: the remakes that moved.
    /// - Throws: `ReconcileError` for a floor file that cannot be read; ledger and I/O errors.
    public func run() throws -> [Outcome] {
        let waiting = try ledger.archivedRemakes(open: true)
        guard !waiting.isEmpty else { return [] }
        let destructions = try ledger.signedDestructions().compactMap(\.destruction)
        func destroyed(_ serial: String) -> Bool { destructions.contains { $0.covers(serial) } }
        var outcomes: [Outcome] = []
        for remake in waiting {
            let now = context.now()
            var moved = remake
            var reports: FloorReports?
            var files: [FloorReports.File] = []
            switch remake.state {
            case .awaitingFloorReport:
                guard let reported = try floorReport(of: remake) else { continue }
                reports = reported.reports
                files = reported.files
                moved.reportedSerial = reported.line.serial
                moved.reportedAt = now
                moved.state = reported.line.status == .spoiled ? .spoiledAgain
                    : destroyed(remake.spoiledSerial) ? .reconciled : .awaitingDestruction
            case .awaitingDestruction:
                guard destroyed(remake.spoiledSerial) else { continue }
                moved.state = .reconciled
                // The floor's files as they are now: its destruction.csv reports the destruction trace shows.
                let current = try floorReport(of: remake)
                reports = current?.reports
                files = current?.files ?? []
            case .reconciled, .spoiledAgain:
                continue
            }
            if moved.state == .reconciled { moved.reconciledAt = now }
            if context.dryRun {
                outcomes.append(outcome(moved, reported: remake.state == .awaitingFloorReport))
                continue
            }
            let newlyReported = remake.state == .awaitingFloorReport
            if newlyReported {
                // The job whose result is in leaves the outbox before the remake is recorded as reported.
                try JobFileOutbox(ledger: ledger, context: context).remove(
                    of: remake.dropID, jobs: [remake.remakeJob], because: "production results returned")
            }
            var details = ["remakeJob": remake.remakeJob, "position": String(remake.remakeSequence), "spoiled": remake.spoiledSerial,
                           "bundle": remake.bundleID, "state": moved.state.rawValue]
            if let serial = moved.reportedSerial { details["serial"] = serial }
            if moved.state == .reconciled, !files.isEmpty,
               let supplement = try ArchivedRemakeSupplement(pipeline: pipeline, ledger: ledger).write(moved, floor: files, at: now) {
                moved.supplementPath = supplement.path
                moved.supplementSHA256 = supplement.sha256
                details["supplement"] = supplement.path
                details["supplementSHA256"] = supplement.sha256
            }
            let name = newlyReported ? "remake.reported" : "remake.reconciled"
            try ledger.recordArchivedRemake(
                moved, floorReports: reports,
                event: AuditEvent(event: name, dropID: remake.dropID, actor: context.actor, host: context.host, details: details), at: now)
            context.logger.info("reconcile: remake of an archived drop \(moved.state.rawValue)", metadata: [
                "dropID": "\(remake.dropID.prefix(12))", "remakeJob": "\(remake.remakeJob)"])
            outcomes.append(outcome(moved, reported: newlyReported))
        }
        return outcomes
    }

    private func outcome(_ remake: ArchivedRemakeRecord, reported: Bool) -> Outcome {
        Outcome(dropID: remake.dropID, remakeJob: remake.remakeJob, spoiledSerial: remake.spoiledSerial, serial: remake.reportedSerial,
                state: remake.state, reportedInThisRun: reported)
    }

    /// The floor's report of the remade card, with all of the order folder's files as the drop's floor reports: the
    /// production lines with every remake of the drop at its logical card's place. Nil while the floor has not
    /// reported it (no `production.csv`, or no line for the remake's place, or only a sample or test line). Files equal
    /// to the drop's latest floor reports are not kept again.
    private func floorReport(
        of remake: ArchivedRemakeRecord
    ) throws -> (line: ProductionResult, reports: FloorReports, files: [FloorReports.File])? {
        let folder = pipeline.productionInputs + "/" + remake.orderID
        var findings: [ReconciliationFinding] = []
        var files: [FloorReports.File] = []
        guard var production = try ReconcileInputs.read(folder, "production.csv", ProductionResult.self, into: &findings, keeping: &files),
              let line = production.last(where: {
                  $0.job == remake.remakeJob && $0.sequence == remake.remakeSequence && ($0.status == .good || $0.status == .spoiled)
              })
        else { return nil }
        for name in ["shipping.csv", "boxes.csv", "receipts.csv", "stock.csv", "destruction.csv"] {
            let path = folder + "/" + name
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ReconcileError.input(path: path, reason: "cannot read the file as UTF-8 text")
            }
            files.append(FloorReports.File(name: name, text: text))
        }
        let places = Dictionary(try ledger.cardRemakes(dropID: remake.dropID).map { ("\($0.remakeJob)#\($0.remakeSequence)", $0) }) { a, _ in a }
        for index in production.indices {
            guard let place = places["\(production[index].job)#\(production[index].sequence)"] else { continue }
            production[index].job = place.job
            production[index].batch = place.batch
            production[index].sequence = place.sequence
        }
        return (line, FloorReports(files: files.filter { $0.name != "production.csv" }, production: production), files)
    }
}
