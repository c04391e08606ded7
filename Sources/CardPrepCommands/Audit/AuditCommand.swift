import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep audit`: the hash-chained audit log and its signed checkpoints.
public struct AuditCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the audit log and sign checkpoints of it.",
        discussion: """
            Every audit entry carries the SHA-256 of the one before; signed checkpoints in <output>/audit/ fix \
            the hash of an entry at a point in time.

            Example: cardprep audit verify Pipelines/sample.yml

            \(ExitCodeTable.helpText)
            """,
        subcommands: [AuditVerifyCommand.self, AuditCheckpointCommand.self]
    )

    public init() {}
}

/// `cardprep audit verify`: the chain and every checkpoint.
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the audit chain and every signed checkpoint; list every fault and exit with 5 if any.",
        discussion: "Example: cardprep audit verify Pipelines/sample.yml --json"
    )

    @OptionGroup var options: VaultOptions

    struct Output: Encodable {
        var passed: Bool
        var entries: Int
        var checkpoints: Int
        var faults: [String]
    }

    func run() throws {
        let (pipeline, ledger, settings, context) = try options.load()
        let checkpoints = AuditCheckpoints(pipeline: pipeline, ledger: ledger)
        let (faults, entries) = try failing {
            let trusted = try VaultKeys(settings: settings).trustedKeys(namespace: AuditCheckpoints.namespace, at: context.now())
            return (try checkpoints.verify(trustedKeys: trusted), try ledger.auditEntries().count)
        }
        let output = Output(passed: faults.isEmpty, entries: entries, checkpoints: checkpoints.files().count, faults: faults.map(\.description))
        if options.json { try printJSON(output) } else {
            faults.forEach { print($0) }
            print("audit: \(entries) entries, \(output.checkpoints) checkpoint(s): \(faults.isEmpty ? "verified" : "\(faults.count) fault(s)")")
        }
        if !faults.isEmpty { throw ExitCode(CardPrepExitCode.verificationFailed.rawValue) }
    }
}

/// `cardprep audit checkpoint`: sign the current end of the log.
struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Write a signed checkpoint of the audit log's last entry to <output>/audit/checkpoint-<seq>.txt (+ .sig).",
        discussion: "Example: cardprep audit checkpoint Pipelines/sample.yml"
    )

    @OptionGroup var options: VaultOptions

    func run() throws {
        let (pipeline, ledger, settings, context) = try options.load()
        let path = try failing {
            try AuditCheckpoints(pipeline: pipeline, ledger: ledger).write(
                signingKey: try VaultKeys(settings: settings).signingKey(), at: context.now())
        }
        if options.json { try printJSON(["checkpoint": path]) } else { print("audit: checkpoint \(path)") }
    }
}
