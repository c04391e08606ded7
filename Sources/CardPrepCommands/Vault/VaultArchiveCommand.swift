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
            verify leaves its drop untouched, and the exit code is 5.

            Example: cardprep vault archive Pipelines/sample.yml --drop 204e54c8…
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(name: .customLong("drop"), help: "Archive only this drop (repeatable). Default: every drop not archived yet.")
    var drops: [String] = []
    @Flag(help: "Report what would be archived; change nothing.") var dryRun = false

    struct Output: Encodable {
        var dropID: String
        var customer: String
        var drop: String
        var outcome: String
        var faults: [String]
    }

    func run() throws {
        let (pipeline, ledger, settings, base) = try options.load()
        var context = base
        context.dryRun = dryRun
        let report = try failing {
            let ids = drops.isEmpty ? try ledger.drops().filter { $0.state != .archived }.map(\.id) : drops
            return try ArchiveStage(pipeline: pipeline, ledger: ledger, context: context, settings: settings).run(dropIDs: ids)
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
        if options.json { try printJSON(lines) } else {
            for line in lines {
                print("\(line.customer)/\(line.drop): \(line.outcome)")
                line.faults.forEach { print("  \($0)") }
            }
            print(report.summary)
        }
        if report.exitCode != .ok { throw ExitCode(report.exitCode.rawValue) }
    }
}
