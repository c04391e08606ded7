import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// Runs the reconcile stage in a pipeline run: for every transformed drop whose production results have arrived
/// (`<production_inputs>/<order id>/production.csv`), and again whenever those inputs change, until it reconciles.
/// Drops whose production has not been reported yet wait; that is not an error.
struct ProductionReconciliation {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    func run() throws -> [ReconcileReport] {
        var reports: [ReconcileReport] = []
        let stage = ReconcileStage(pipeline: pipeline, ledger: ledger, context: context, inputsFolder: pipeline.productionInputs)
        for drop in try ledger.drops() where drop.state == .ingested {
            let done = Set(try ledger.steps(of: drop.id).map(\.stage))
            guard done.contains(TransformStage.name),
                  let jobs = try? DropWork(drop: drop).jobManifest()
            else { continue }
            let inputs = pipeline.productionInputs + "/" + jobs.orderID
            guard FileManager.default.fileExists(atPath: inputs + "/production.csv") else { continue }
            let digest = try Self.digest(of: inputs)
            let marker = drop.workPath + "/reconcile/inputs.sha256"
            if done.contains(StepRecord.reconcileStage), (try? String(contentsOfFile: marker, encoding: .utf8)) == digest { continue }
            var configured = stage
            configured.orderSchemaFile = pipeline.orderSchemaFile
            // The marker goes first: a run killed after it but before the step is recorded still reconciles again.
            if !context.dryRun {
                try FileManager.default.createDirectory(atPath: drop.workPath + "/reconcile", withIntermediateDirectories: true)
                try AtomicFileWriter.write(Array(digest.utf8), to: marker, mode: 0o644)
            }
            let report = try configured.run(dropID: drop.id)
            reports.append(report)
        }
        return reports
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
