import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// Signed checkpoints of the audit log and of the tables that matter, and the three places they are kept.
///
/// A checkpoint (`AuditCheckpoint`) is numbered from 1 without gaps and names the statement of the one before. It is
/// written, in this order, to the log beside the vault (`<vault>/audit-checkpoints.log`, only appended to), to the
/// audit folder beside the ledger (`<output>/audit/checkpoint-<number>.txt` and `.sig`), and, as `audit/` entries,
/// into every bundle archived after it. Every run that added audit entries ends with one; `cardprep audit
/// checkpoint` writes one on demand. `AuditVerifier` checks the ledger against all of them.
public struct AuditCheckpoints {
    /// The SSHSIG namespace of checkpoint signatures.
    public static let namespace = AuditCheckpoint.namespace
    /// The name of the log beside the vault.
    public static let logName = "audit-checkpoints.log"

    /// The audit folder beside the ledger.
    public let folder: String
    /// The log beside the vault.
    public let logFile: String
    /// The vault, whose bundles carry copies.
    public let vaultFolder: String
    /// The pipeline definition's file, for the commands faults suggest.
    public let pipelineFile: String
    let ledger: Ledger

    /// What `write` left as the latest checkpoint.
    public struct Written: Sendable, Equatable {
        public var checkpoint: AuditCheckpoint
        /// The statement's file in the audit folder.
        public var file: String
        /// False when the latest checkpoint covered the log's end already and nothing was written.
        public var isNew: Bool
    }

    /// Creates the checkpoints of a pipeline's ledger: the audit folder under the pipeline's output, the log in the
    /// vault that `settings` names.
    public init(pipeline: PipelineDefinition, settings: ArchiveSettings, ledger: Ledger) {
        folder = pipeline.output + "/audit"
        pipelineFile = pipeline.file
        vaultFolder = settings.vaultFolder
        logFile = settings.vaultFolder + "/" + Self.logName
        self.ledger = ledger
    }

    /// Signs a checkpoint of the log's end and of every covered table (read in one transaction), unless the latest
    /// checkpoint covers that end already.
    /// - Returns: the latest checkpoint; nil when the log is empty.
    /// - Throws: `LedgerError`, a signing error, or `ByteStreamError` when a copy cannot be written.
    public func write(signingKey: any SSHSigningKey, at time: Date) throws -> Written? {
        let folderCopies = CheckpointFolder(folder: folder).copies()
        let known = Self.numbered(CheckpointLog(file: logFile).read().copies + folderCopies)
        try completeInterruptedWrite(known: known, folderCopies: folderCopies, key: signingKey.sshPublicKey)
        let latestNumber = known.keys.max() ?? 0
        // Tables without mutable columns continue the chains of the checkpoint before, when it is this key's.
        let previous = known[latestNumber].flatMap { latest -> [TableDigest]? in
            guard let signature = latest.copy.signature,
                (try? SSHSignature.verify(
                    signature, message: latest.copy.statement, namespace: Self.namespace, signers: [signingKey.sshPublicKey]))
                    != nil
            else { return nil }
            return latest.checkpoint.tables
        }
        let snapshot = try ledger.auditSnapshot(continuing: previous ?? [])
        guard let last = snapshot.last else { return nil }
        if let latest = known[latestNumber]?.checkpoint, latest.seq == last.seq, latest.hash == last.hash {
            return Written(checkpoint: latest, file: CheckpointFolder(folder: folder).file(number: latestNumber), isNew: false)
        }
        let checkpoint = AuditCheckpoint(
            number: latestNumber + 1, seq: last.seq, hash: last.hash, at: Timestamp.iso8601(time),
            previous: known[latestNumber].map { AuditCheckpoint.digest(of: $0.copy.statement) } ?? AuditCheckpoint.noPrevious,
            tables: snapshot.tables)
        let statement = Array(checkpoint.text.utf8)
        let signature = try SSHSignature.sign(statement, namespace: Self.namespace, with: signingKey)
        try CheckpointLog(file: logFile).append(statement, signature: signature, number: latestNumber + 1)
        let file = try CheckpointFolder(folder: folder).write(statement, signature: signature, number: latestNumber + 1)
        return Written(checkpoint: checkpoint, file: file, isNew: true)
    }

    /// The latest checkpoint as bundle entries (`audit/checkpoint-<number>.txt` and `.sig`); none before the first.
    public func bundleFiles() -> [BundleFile] {
        let known = Self.numbered(CheckpointLog(file: logFile).read().copies + CheckpointFolder(folder: folder).copies())
        guard let number = known.keys.max(), let latest = known[number], let signature = latest.copy.signature else { return [] }
        return BundleCheckpoints.files(number: number, statement: latest.copy.statement, signature: signature)
    }

    /// The statement files in the audit folder, oldest first.
    public func files() -> [String] {
        CheckpointFolder(folder: folder).copies().compactMap { if case let .folder(file) = $0.source { file } else { nil } }
    }

    /// A run killed between the log and the folder leaves the newest checkpoint in the log only (or in the log and, in
    /// the folder, its signature file alone): it is written to the folder too, when it is the newest of all and its
    /// signature verifies. Older ones missing from the folder are left for `AuditVerifier` to report.
    private func completeInterruptedWrite(
        known: [Int: (checkpoint: AuditCheckpoint, copy: CheckpointCopy)], folderCopies: [CheckpointCopy],
        key: SSHPublicKey
    ) throws {
        guard let number = known.keys.max(), let newest = known[number], newest.copy.source.isLog,
            let signature = newest.copy.signature
        else { return }
        let path = CheckpointFolder(folder: folder).file(number: number)
        let checkpoints = CheckpointFolder(folder: folder)
        guard !FileManager.default.fileExists(atPath: path),
            !FileManager.default.fileExists(atPath: path + ".sig") || checkpoints.hasSignature(signature, number: number),
            (try? SSHSignature.verify(signature, message: newest.copy.statement, namespace: Self.namespace, signers: [key]))
                != nil
        else { return }
        _ = try checkpoints.write(newest.copy.statement, signature: signature, number: number)
    }

    /// The readable numbered checkpoints among `copies`, by number; the first copy of a number wins.
    static func numbered(_ copies: [CheckpointCopy]) -> [Int: (checkpoint: AuditCheckpoint, copy: CheckpointCopy)] {
        var result: [Int: (checkpoint: AuditCheckpoint, copy: CheckpointCopy)] = [:]
        for copy in copies {
            guard let checkpoint = try? AuditCheckpoint.parse(copy.statement), let number = checkpoint.number,
                result[number] == nil
            else { continue }
            result[number] = (checkpoint, copy)
        }
        return result
    }
}
