import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// One thing wrong with the audit log: a break in the hash chain, or a signed checkpoint that no longer holds.
public enum AuditFault: Sendable, Equatable, CustomStringConvertible {
    /// An edited, removed or reordered entry.
    case chain(AuditChainFault)
    /// A checkpoint file without its `.sig`.
    case checkpointSignatureMissing(file: String)
    /// A checkpoint whose signature does not verify.
    case checkpointSignatureInvalid(file: String, reason: String)
    /// A checkpoint file that is not a checkpoint statement.
    case checkpointUnreadable(file: String, reason: String)
    /// The entry a checkpoint names is gone from the log.
    case checkpointEntryMissing(file: String, seq: Int64)
    /// The entry a checkpoint names has another hash now.
    case checkpointHashMismatch(file: String, seq: Int64, signed: String, found: String)

    public var description: String {
        switch self {
        case let .chain(fault): fault.description
        case let .checkpointSignatureMissing(file): "checkpoint \(file): signature missing"
        case let .checkpointSignatureInvalid(file, reason): "checkpoint \(file): signature does not verify: \(reason)"
        case let .checkpointUnreadable(file, reason): "checkpoint \(file): \(reason)"
        case let .checkpointEntryMissing(file, seq): "checkpoint \(file): audit entry \(seq) is missing"
        case let .checkpointHashMismatch(file, seq, signed, found):
            "checkpoint \(file): audit entry \(seq) has hash \(found), the checkpoint signed \(signed)"
        }
    }
}

/// Signed checkpoints of the audit log: `<output>/audit/checkpoint-<seq>.txt` states the last entry's number
/// and hash, `.sig` beside it is an SSHSIG (namespace `cardprep-audit`). Together with the hash chain they
/// show an edit even of the newest entries, or a log rewritten from the start.
public struct AuditCheckpoints {
    /// The statement's first line.
    public static let format = "cardprep-audit-checkpoint/1"
    /// The SSHSIG namespace of checkpoint signatures.
    public static let namespace = "cardprep-audit"

    /// The folder holding the checkpoints.
    public let folder: String
    let ledger: Ledger

    /// Creates the checkpoints of a pipeline's ledger, kept under `<output>/audit`.
    public init(pipeline: PipelineDefinition, ledger: Ledger) {
        self.folder = pipeline.output + "/audit"; self.ledger = ledger
    }

    /// Signs a checkpoint of the current end of the log; a second call with no new entry changes nothing.
    /// - Returns: the checkpoint file.
    /// - Throws: `VaultError.notFound` for an empty log; signing and I/O errors.
    public func write(signingKey: SSHEd25519SigningKey, at time: Date) throws -> String {
        guard let last = try ledger.lastAuditEntry() else { throw VaultError.notFound("an audit entry to checkpoint") }
        let path = folder + "/checkpoint-\(last.seq).txt"
        if FileManager.default.fileExists(atPath: path) { return path }
        let text = "\(Self.format)\nseq: \(last.seq)\nhash: \(last.hash)\nat: \(Timestamp.iso8601(time))\n"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let signature = try SSHSignature.sign(Array(text.utf8), namespace: Self.namespace, with: signingKey)
        try AtomicFileWriter.write(Array(signature.utf8), to: path + ".sig", mode: 0o644, overwrite: false)
        try AtomicFileWriter.write(Array(text.utf8), to: path, mode: 0o644, overwrite: false)
        return path
    }

    /// Checks the hash chain and every checkpoint, and returns every fault found.
    /// - Throws: `LedgerError` when the log cannot be read.
    public func verify(trustedKeys: [SSHEd25519PublicKey]) throws -> [AuditFault] {
        var faults = try ledger.verifyAuditChain().map(AuditFault.chain)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("checkpoint-") && $0.hasSuffix(".txt") }.sorted()
        for name in names {
            let path = folder + "/" + name
            let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
            if let signature = FileManager.default.contents(atPath: path + ".sig") {
                do {
                    _ = try SSHSignature.verify(
                        String(decoding: signature, as: UTF8.self), message: bytes, namespace: Self.namespace, trustedKeys: trustedKeys)
                } catch {
                    faults.append(.checkpointSignatureInvalid(file: name, reason: "\(error)"))
                }
            } else {
                faults.append(.checkpointSignatureMissing(file: name))
            }
            guard let (seq, hash) = Self.parse(bytes) else {
                faults.append(.checkpointUnreadable(file: name, reason: "not a \(Self.format) statement"))
                continue
            }
            if let entry = try ledger.auditEntry(seq: seq) {
                if entry.hash != hash { faults.append(.checkpointHashMismatch(file: name, seq: seq, signed: hash, found: entry.hash)) }
            } else {
                faults.append(.checkpointEntryMissing(file: name, seq: seq))
            }
        }
        return faults
    }

    /// The checkpoint files, oldest first.
    public func files() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("checkpoint-") && $0.hasSuffix(".txt") }.sorted().map { folder + "/" + $0 }
    }

    static func parse(_ bytes: [UInt8]) -> (Int64, String)? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first == format else { return nil }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let seq = fields["seq"].flatMap({ Int64($0) }), let hash = fields["hash"], hash.count == 64 else { return nil }
        return (seq, hash)
    }
}
