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
            Every audit entry carries the SHA-256 of the one before. Every run that adds entries ends with a signed \
            checkpoint of the log's last entry and of the digests of the tables that matter (drops, transitions, \
            deliveries, steps, quarantine, card fingerprints, job files, bundles, loans, stock, inspection). Each \
            checkpoint is kept in <output>/audit/, in <vault>/audit-checkpoints.log and in every bundle archived after \
            it, so that a cut tail, a rewritten chain, an edited row or a deleted checkpoint is found.

            Example: cardprep audit verify Pipelines/sample.yml

            \(ExitCodeTable.helpText)
            """,
        subcommands: [AuditVerifyCommand.self, AuditCheckpointCommand.self]
    )

    public init() {}
}

/// `cardprep audit verify`: the chain, every checkpoint copy, and the tables.
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check the audit chain, every signed checkpoint and the tables they cover; list every fault and exit with 5 if any.",
        discussion: """
            Reads the checkpoints in <output>/audit/, in <vault>/audit-checkpoints.log and, when the vault's identity \
            is configured (or M custodians' --share options recombine it), in every bundle. Names a cut tail (the \
            log ends before an entry a checkpoint signed), a rewritten chain (an entry's hash differs from the signed \
            one), a deleted checkpoint (kept outside but missing from <output>/audit, or a gap in the numbering), an \
            edited or deleted row (the table whose rows the latest checkpoint covered changed), and a drop whose state is not its last transition's.

            Example: cardprep audit verify Pipelines/sample.yml --json
            """
    )

    @OptionGroup var options: VaultOptions
    @OptionGroup var keyShares: VaultKeyShareOptions

    struct Output: Encodable {
        struct Fault: Encodable {
            var subject: String
            var message: String
        }

        var passed: Bool
        var entries: Int
        var lastSeq: Int64?
        var checkpoints: Int
        var latestCheckpoint: Int?
        var latestCheckpointSeq: Int64?
        var copies: AuditVerification.Copies
        var faults: [Fault]
        var notes: [String]
    }

    func run() throws {
        CommandFailure.json = options.json
        let (pipeline, ledger, settings, context) = try options.load()
        let verified = try failing {
            let keys = VaultKeys(settings: settings)
            let trusted = try keys.trustedKeys(namespace: AuditCheckpoints.namespace, at: context.now())
            var identities = try keyShares.recombinedKey(settings: settings)?.identities
            if identities == nil, let file = settings.identityFile, FileManager.default.fileExists(atPath: file) {
                identities = try keys.identities()
            }
            return try AuditVerifier(
                checkpoints: AuditCheckpoints(pipeline: pipeline, settings: settings, ledger: ledger), ledger: ledger,
                trustedKeys: trusted, identities: identities
            ).verify()
        }
        var result = verified
        if keyShares.shares.isEmpty, let file = settings.identityFile, !FileManager.default.fileExists(atPath: file) {
            result.notes.append(
                "the vault identity \(file) is not there (kept as custodians' shares?): the copies in bundles were not read; "
                    + "give --share to read them")
        }
        let output = Output(
            passed: result.passed, entries: result.entries, lastSeq: result.lastSeq, checkpoints: result.checkpoints.count,
            latestCheckpoint: result.latest?.number, latestCheckpointSeq: result.latest?.seq, copies: result.copies,
            faults: result.faults.map { Output.Fault(subject: $0.subject, message: $0.description) }, notes: result.notes)
        if options.json {
            try printJSON(output, format: .audit)
        } else {
            result.faults.forEach { print($0) }
            result.notes.forEach { print("note: \($0)") }
            let latest = result.latest.map { ", latest \($0.label) at entry \($0.seq)" } ?? ""
            print(
                "audit: \(result.entries) entries, \(result.checkpoints.count) checkpoint(s)\(latest) "
                    + "(copies: \(result.copies.folder) in <output>/audit, \(result.copies.log) in the vault's log, "
                    + "\(result.copies.bundles) in bundles): \(result.passed ? "verified" : "\(result.faults.count) fault(s)")")
        }
        if !result.passed { throw ExitCode(CardPrepExitCode.verificationFailed.rawValue) }
    }
}

/// `cardprep audit checkpoint`: sign the current end of the log and the tables.
struct AuditCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint of the audit log's end and the tables now (runs do this at their end).",
        discussion: """
            Writes the next checkpoint to <vault>/audit-checkpoints.log and <output>/audit/checkpoint-<number>.txt \
            (+ .sig); nothing when the latest checkpoint covers the log's end already. It takes the pipeline's lock, \
            so that it never numbers a checkpoint at the same time as a run (exit code 75 while one runs).

            Example: cardprep audit checkpoint Pipelines/sample.yml
            """
    )

    @OptionGroup var options: VaultOptions

    func run() throws {
        CommandFailure.json = options.json
        let (pipeline, ledger, settings, context) = try options.load()
        let lock = try failing { try PipelineLock(path: pipeline.lockPath, wait: false) }
        defer { withExtendedLifetime(lock) {} }
        let written = try failing {
            try AuditCheckpoints(pipeline: pipeline, settings: settings, ledger: ledger).write(
                signingKey: try VaultKeys(settings: settings).signingKey(), at: context.now())
        }
        guard let written, let number = written.checkpoint.number else {
            throw CommandFailure.report("the audit log is empty: nothing to checkpoint", code: .failure)
        }
        if options.json {
            try printJSON(
                CheckpointOutput(checkpoint: written.file, number: number, seq: written.checkpoint.seq, new: written.isNew), format: .auditCheckpoint)
        } else {
            print(
                "audit: checkpoint \(number) at entry \(written.checkpoint.seq)\(written.isNew ? "" : " (already signed)"): \(written.file)"
            )
        }
    }

    struct CheckpointOutput: Encodable {
        var checkpoint: String
        var number: Int
        var seq: Int64
        var new: Bool
    }
}
