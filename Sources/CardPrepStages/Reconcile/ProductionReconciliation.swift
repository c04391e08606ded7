import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// The reconcile stage in a pipeline run: takes every drop whose jobs are issued once its production results have
/// arrived (`<production_inputs>/<order id>/production.csv`), and again whenever those inputs change, order lines
/// are closed short, a replacement drop's cards are made, or a destruction of its products is signed, until the drop moves on. Drops whose production has
/// not been reported yet wait; that is not an error.
struct ProductionReconciliation: Stage {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    let name = PipelineDefinition.Stage.reconcile
    let takes: Set<DropState> = [.jobsIssued, .inProduction, .discrepancy, .reconciled]

    func isDue(_ drop: DropRecord) throws -> Bool {
        guard let folder = inputsFolder(of: drop), FileManager.default.fileExists(atPath: folder + "/production.csv") else {
            return false
        }
        if drop.state == .jobsIssued || drop.state == .inProduction { return true }
        let marker = DropWorkFolder(drop).reconcileInputsDigest
        return (try? String(contentsOfFile: marker, encoding: .utf8)) != (try inputsDigest(of: drop, folder: folder))
    }

    func run(_ drop: DropRecord) throws -> StepOutcome<ReconcileReport> {
        guard let folder = inputsFolder(of: drop) else { return .waiting("no job manifest") }
        let work = DropWorkFolder(drop)
        // The marker goes first: a run killed after it but before the step is recorded still reconciles again,
        // because the drop's state has not moved.
        try FileManager.default.createDirectory(atPath: work.reconcile, withIntermediateDirectories: true)
        try AtomicFileWriter.write(Array(try inputsDigest(of: drop, folder: folder).utf8), to: work.reconcileInputsDigest, mode: 0o640)
        let report = try ReconcileStage(pipeline: pipeline, ledger: ledger, context: context, inputsFolder: pipeline.productionInputs)
            .run(dropID: drop.id)
        return .moved(report.findings.isEmpty ? .reconciled : .discrepancy, report)
    }

    private func inputsFolder(of drop: DropRecord) -> String? {
        guard let jobs = try? DropWorkFolder(drop).jobManifest() else { return nil }
        return pipeline.productionInputs + "/" + jobs.orderID
    }

    /// What reconciliation of `drop` depends on: its floor reports, the order lines closed short, and the statements of
    /// the destructions signed for the products of its jobs (so that a destruction signed after a discrepancy is
    /// noticed too).
    private func inputsDigest(of drop: DropRecord, folder: String) throws -> String {
        let closures = try ledger.shortClosures(dropID: drop.id)
        let products = Set(try DropWorkFolder(drop).jobManifest().jobs.map(\.product))
        let signed = try ledger.signedDestructions(products: products)
        let replacements = try OrderReplacements(ledger: ledger).digestText(for: drop.id)
        guard !closures.isEmpty || !signed.isEmpty || !replacements.isEmpty else { return try Self.digest(of: folder) }
        var all = StreamingSHA256()
        all.update(Array(try Self.digest(of: folder).utf8))
        for closure in closures { all.update(Array("\nline \(closure.orderLine) closed short at \(closure.approved)".utf8)) }
        for record in signed { all.update(Array("\n\(record.id) \(record.statement)".utf8)) }
        all.update(Array(replacements.utf8))
        return all.hex()
    }

    /// One digest over the names and contents of every input file, so a changed or added file is noticed.
    static func digest(of folder: String) throws -> String {
        var all = StreamingSHA256()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where !name.hasPrefix(".") {
            all.update(Array("\(name) \(try FileDigest.sha256(path: folder + "/" + name))\n".utf8))
        }
        return all.hex()
    }
}
