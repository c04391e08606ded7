import ArgumentParser
import CardPrepCore
import CardPrepLedger
import CardPrepStages
import Foundation

/// `cardprep vault archive`: the archive stage alone, over the drops not yet archived.
struct VaultArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Archive drops to the vault, verify each bundle, then purge the drop's key and working data.",
        discussion: """
            Each drop's bundle is written to the vault and verified with every entry re-hashed; only then is the \
            drop's data key destroyed and its work folder and kept originals deleted. A bundle that does not \
            verify leaves its drop untouched (failed, with the fix), and the exit code is 5. Only drops the pipeline is \
            done with are archived: rejected ones, and those in the state its last stage before archive leaves them \
            in (inspected, reconciled, jobs issued or validated); any other is refused with exit code 6. Where the \
            vault key is kept only as custodians' shares, M of them verify the bundles (--share, as for vault verify).

            Example: cardprep vault archive Pipelines/sample.yml --drop 204e54c8…
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(name: .customLong("drop"), help: "Archive only this drop: its id (8+ hex) or customer/drop (repeatable). Default: every drop due.")
    var drops: [String] = []
    @Flag(help: "Report what would be archived; change nothing.") var dryRun = false
    @OptionGroup var keyShares: VaultKeyShareOptions

    struct Output: Encodable {
        var dropID: String
        var customer: String
        var drop: String
        var outcome: String
        var faults: [String]
    }

    func run() throws {
        CommandFailure.json = options.json
        let (pipeline, ledger, settings, base) = try options.load()
        var context = base
        context.dryRun = dryRun
        // Archiving purges working data: it runs under the pipeline lock, on drops the pipeline is done with only.
        let lock = try dryRun ? nil : failing { try PipelineLock(path: pipeline.lockPath, wait: false) }
        defer { withExtendedLifetime(lock) {} }
        let report = try failing {
            var stage = ArchiveStage(pipeline: pipeline, ledger: ledger, context: context, settings: settings)
            stage.recombinedKey = try keyShares.recombinedKey(settings: settings)
            let ids = drops.isEmpty ? try ledger.drops(in: stage.takes).map(\.id) : try drops.map { try DropLookup.find($0, in: ledger).id }
            let report = try stage.run(dropIDs: ids)
            // Like a run, archiving ends with a signed audit checkpoint.
            if !dryRun { _ = try AuditCheckpoints.seal(pipeline: pipeline, ledger: ledger, context: context, settings: settings) }
            return report
        }
        let lines = report.outcomes.map { outcome -> Output in
            switch outcome.kind {
            case let .archived(bundle): Output(dropID: outcome.dropID, customer: outcome.customer, drop: outcome.name, outcome: "archived \(bundle)", faults: [])
            case .alreadyArchived: Output(dropID: outcome.dropID, customer: outcome.customer, drop: outcome.name, outcome: "already archived", faults: [])
            case let .wouldArchive(bundle): Output(dropID: outcome.dropID, customer: outcome.customer, drop: outcome.name, outcome: "would archive \(bundle)", faults: [])
            case let .verificationFailed(faults):
                Output(dropID: outcome.dropID, customer: outcome.customer, drop: outcome.name, outcome: "verification failed",
                       faults: faults.map(\.description))
            }
        }
        if options.json { try printJSON(lines, format: .vaultArchive, listKey: "drops") } else {
            for line in lines {
                print("\(line.customer)/\(line.drop): \(line.outcome)")
                line.faults.forEach { print("  \($0)") }
            }
            print(report.summary)
        }
        if report.exitCode != .ok { throw ExitCode(report.exitCode.rawValue) }
    }
}
