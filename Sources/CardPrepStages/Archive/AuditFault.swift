import CardPrepLedger
import Foundation

/// How the rows a checkpoint covered differ from what the ledger holds now.
public enum TableChange: Sendable, Equatable {
    /// Fewer of the covered rows are left.
    case rowsDeleted(covered: Int, now: Int)
    /// More rows than were covered sit among them (inserted with an old number).
    case rowsInserted(covered: Int, now: Int)
    /// As many rows, but a column that never changes after a row is written differs.
    case rowsEdited
    /// A column that changes only together with an audit entry differs, and no entry was added since the checkpoint.
    case changedWithoutEntry(lastSeq: Int64)
}

/// One thing wrong with the audit log, its checkpoints or the tables they cover; each names what it is about.
public enum AuditFault: Sendable, Equatable, CustomStringConvertible {
    /// An edited, removed or reordered entry.
    case chain(AuditChainFault)
    /// A checkpoint copy without its signature.
    case checkpointSignatureMissing(CheckpointSource)
    /// A checkpoint copy whose signature does not verify.
    case checkpointSignatureInvalid(CheckpointSource, reason: String)
    /// A checkpoint copy that is not a checkpoint statement.
    case checkpointUnreadable(CheckpointSource, reason: String)
    /// A bundle whose checkpoint copy cannot be read.
    case bundleUnreadable(path: String, reason: String)
    /// Two signed copies of one checkpoint say different things.
    case checkpointCopiesDiffer(number: Int, sources: [CheckpointSource])
    /// A checkpoint kept outside (log, bundle) is missing from the audit folder beside the ledger: deleted.
    case checkpointMissingFromFolder(number: Int, folder: String, keptIn: [CheckpointSource])
    /// A checkpoint kept elsewhere is missing from the log beside the vault: the log was cut or edited.
    case checkpointMissingFromLog(number: Int, log: String, keptIn: [CheckpointSource])
    /// Checkpoints missing everywhere: the numbers between two known checkpoints.
    case checkpointNumberingGap(missing: ClosedRange<Int>)
    /// A checkpoint that does not name the statement of the one before it: the series was rewritten.
    case checkpointDoesNotFollow(number: Int)
    /// The log ends before the entry a checkpoint signed: its tail was cut.
    case tailCut(checkpoint: String, signedSeq: Int64, signedHash: String, lastSeq: Int64?)
    /// The entry a checkpoint signed is gone from inside the log.
    case checkpointEntryMissing(checkpoint: String, seq: Int64)
    /// The entry a checkpoint signed has another hash now: the chain was rewritten.
    case chainRewritten(checkpoint: String, seq: Int64, signed: String, found: String)
    /// Rows a checkpoint covered changed.
    case tableChanged(table: String, checkpoint: Int, TableChange)
    /// A table cannot be read as a checkpoint covered it.
    case tableUnreadable(table: String, checkpoint: Int, reason: String)
    /// A drop whose state is not the one its last transition went to.
    case dropState(DropStateDisagreement)
    /// A lookup of card fingerprints or card trace that does not hold what its table holds.
    case lookupDisagrees(LookupDisagreement, pipeline: String)

    /// What the fault is about: `chain`, `checkpoint 3`, `table step`, a file or a bundle.
    public var subject: String {
        switch self {
        case .chain: "chain"
        case let .checkpointSignatureMissing(source), let .checkpointSignatureInvalid(source, _),
            let .checkpointUnreadable(source, _):
            "\(source)"
        case let .bundleUnreadable(path, _): "bundle \(path)"
        case let .checkpointCopiesDiffer(number, _), let .checkpointMissingFromFolder(number, _, _),
            let .checkpointMissingFromLog(number, _, _), let .checkpointDoesNotFollow(number):
            "checkpoint \(number)"
        case let .checkpointNumberingGap(missing): "checkpoints \(missing.lowerBound)–\(missing.upperBound)"
        case let .tailCut(checkpoint, _, _, _), let .checkpointEntryMissing(checkpoint, _),
            let .chainRewritten(checkpoint, _, _, _):
            checkpoint
        case let .tableChanged(table, _, _), let .tableUnreadable(table, _, _): "table \(table)"
        case .dropState: "table drop"
        case let .lookupDisagrees(disagreement, _): "table \(disagreement.lookup)"
        }
    }

    public var description: String { "\(subject): \(message)" }

    private var message: String {
        switch self {
        case let .chain(fault): "audit entry \(fault.seq): \(fault.reason)"
        case .checkpointSignatureMissing: "signature missing"
        case let .checkpointSignatureInvalid(_, reason): "signature does not verify: \(reason)"
        case let .checkpointUnreadable(_, reason), let .bundleUnreadable(_, reason): reason
        case let .checkpointCopiesDiffer(_, sources):
            "signed copies differ: \(sources.map(\.description).joined(separator: "; "))"
        case let .checkpointMissingFromFolder(_, folder, keptIn):
            "deleted: missing from \(folder), still kept in \(keptIn.map(\.description).joined(separator: "; "))"
        case let .checkpointMissingFromLog(_, log, keptIn):
            "missing from \(log) (the log was cut or edited), kept in \(keptIn.map(\.description).joined(separator: "; "))"
        case let .checkpointNumberingGap(missing):
            "deleted: missing everywhere, the numbering goes from \(missing.lowerBound - 1) to \(missing.upperBound + 1)"
        case .checkpointDoesNotFollow: "does not name the statement of the checkpoint before it: the checkpoints were rewritten"
        case let .tailCut(_, seq, hash, last):
            "tail cut: it signed audit entry \(seq) (hash \(hash.prefix(16))…), the log ends at \(last.map { "entry \($0)" } ?? "nothing (empty)")"
        case let .checkpointEntryMissing(_, seq): "audit entry \(seq) that it signed is missing"
        case let .chainRewritten(_, seq, signed, found):
            "rewritten chain: audit entry \(seq) has hash \(found.prefix(16))…, the checkpoint signed \(signed.prefix(16))…"
        case let .tableChanged(_, number, change): Self.words(change, checkpoint: number)
        case let .tableUnreadable(_, number, reason): "cannot be read as checkpoint \(number) covered it: \(reason)"
        case let .dropState(disagreement):
            "drop \(disagreement.dropID.prefix(12)) is \(disagreement.state), "
                + (disagreement.lastTransitionTo.map {
                    "its last transition (\(disagreement.lastTransitionSeq ?? 0)) went to \($0)"
                }
                    ?? "and it has no transition")
        case let .lookupDisagrees(disagreement, pipeline):
            "\(disagreement.missing) row(s) of \(disagreement.table) missing from it and \(disagreement.extra) row(s) that "
                + "\(disagreement.table) does not hold: duplicate checks and traces read it; once the other faults are "
                + "understood, build it again from the table with: cardprep ledger merge \(Shell.quoted(pipeline)) --rebuild"
        }
    }

    private static func words(_ change: TableChange, checkpoint number: Int) -> String {
        switch change {
        case let .rowsDeleted(covered, now):
            "\(covered - now) row(s) that checkpoint \(number) covered are gone (\(covered) then, \(now) now)"
        case let .rowsInserted(covered, now): "\(now - covered) row(s) appeared among those checkpoint \(number) covered"
        case .rowsEdited: "a row that checkpoint \(number) covered was edited"
        case let .changedWithoutEntry(last):
            "rows that checkpoint \(number) covered changed with no audit entry since (entry \(last) is still the last)"
        }
    }
}
