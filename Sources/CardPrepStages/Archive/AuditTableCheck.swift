import CardPrepLedger
import Foundation

/// The covered tables against the latest signed checkpoint, and each drop's state against its transitions.
///
/// What can be checked, and what cannot:
/// - The rows a checkpoint covered are those up to its mark (rowid, or set id for card fingerprints): every table is
///   append-only, so rows added later lie above it. Their fixed columns (all but the table's mutable ones) are
///   recounted and must match however the ledger grew since: an edited or deleted card fingerprint, delivery,
///   transition, stage step (other than reconcile's and inspect's, which are rewritten when they run again), job
///   file, bundle record, stock movement or inspection record is found at any time.
/// - Mutable columns (a drop's state, a job file's removal, a bundle's purge, a loan's return, …) change
///   legitimately after a checkpoint, each together with an audit entry. While no entry follows the latest
///   checkpoint, every column must match; once entries follow, a change of these columns cannot be told from a
///   legitimate one by table digests, and is reported as a note. A drop's state is still checked against its last
///   transition (which is a fixed row).
/// - Rows added after the latest checkpoint are covered by none until the next one is signed.
struct TableCheck {
    let ledger: Ledger

    /// Adds the faults and notes of the check to `result`.
    /// - Throws: `LedgerError` when the ledger cannot be read.
    func run(against latest: AuditCheckpoint?, into result: inout AuditVerification) throws {
        result.faults += try ledger.dropStateDisagreements().map(AuditFault.dropState)
        guard let latest, let number = latest.number else {
            if result.entries > 0 { result.notes.append("no signed checkpoint covers the tables, nor any audit entry") }
            return
        }
        let (last, recounts) = try ledger.recount(latest.tables)
        let quiet = last?.seq == latest.seq && last?.hash == latest.hash
        var unchecked: [String] = []
        for recount in recounts {
            let recorded = recount.recorded
            guard let now = recount.now else {
                result.faults.append(
                    .tableUnreadable(table: recorded.table, checkpoint: number, reason: recount.unreadable ?? "unknown"))
                continue
            }
            let change: TableChange?
            if now.rows < recorded.rows {
                change = .rowsDeleted(covered: recorded.rows, now: now.rows)
            } else if now.rows > recorded.rows {
                change = .rowsInserted(covered: recorded.rows, now: now.rows)
            } else if now.fixed != recorded.fixed {
                change = .rowsEdited
            } else if now.all != recorded.all, let last, quiet {
                change = .changedWithoutEntry(lastSeq: last.seq)
            } else {
                change = nil
                if now.all != recorded.all { unchecked.append(recorded.table) }
            }
            if let change { result.faults.append(.tableChanged(table: recorded.table, checkpoint: number, change)) }
        }
        if let last, last.seq > latest.seq {
            result.notes.append(
                "entries \(latest.seq + 1)–\(last.seq) come after checkpoint \(number); no checkpoint signs them yet")
        }
        if !unchecked.isEmpty {
            result.notes.append(
                "changed since checkpoint \(number) in columns that change together with audit entries (a drop's state, a job "
                    + "file's removal, …); as the log does not end at the checkpoint's entry, such a change cannot be told from "
                    + "a legitimate one by digest: " + unchecked.joined(separator: ", "))
        }
    }
}
