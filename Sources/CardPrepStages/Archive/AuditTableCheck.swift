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
/// - A table without mutable columns is digested as a chain (`TableChain`): each checkpoint digests the rows added
///   since the one before and continues its digest, so the latest covers every row through its links, and every link is
///   recounted; a change in any link is reported against the latest checkpoint, as for a whole-table digest.
struct TableCheck {
    let ledger: Ledger

    /// Adds the faults and notes of the check to `result`.
    /// - Parameter signed: the checkpoints whose signatures verify, by number, to follow chained digests back through.
    /// - Throws: `LedgerError` when the ledger cannot be read.
    func run(against latest: AuditCheckpoint?, signed: [Int: AuditCheckpoint], into result: inout AuditVerification) throws {
        result.faults += try ledger.dropStateDisagreements().map(AuditFault.dropState)
        guard let latest, let number = latest.number else {
            if result.entries > 0 { result.notes.append("no signed checkpoint covers the tables, nor any audit entry") }
            return
        }
        // Every link of every table's chain is recounted in one read; each table's links are a range of them.
        var links: [TableDigest] = []
        var ranges: [Result<Range<Int>, TableChain.Break>] = []
        for recorded in latest.tables {
            do throws(TableChain.Break) {
                let chain = recorded.isLink ? try TableChain(ending: recorded, at: number, in: signed).links : [recorded]
                ranges.append(.success(links.count..<links.count + chain.count))
                links += chain
            } catch {
                ranges.append(.failure(error))
            }
        }
        let (last, recounts) = try ledger.recount(links)
        let quiet = last?.seq == latest.seq && last?.hash == latest.hash
        var unchecked: [String] = []
        for (recorded, chain) in zip(latest.tables, ranges) {
            let range: Range<Int>
            switch chain {
            case let .success(found): range = found
            case let .failure(chainBreak):
                result.faults.append(.tableUnreadable(table: recorded.table, checkpoint: number, reason: chainBreak.reason))
                continue
            }
            let counted = recounts[range]
            if let unreadable = counted.first(where: { $0.now == nil }) {
                result.faults.append(
                    .tableUnreadable(table: recorded.table, checkpoint: number, reason: unreadable.unreadable ?? "unknown"))
                continue
            }
            // Rows gone from one link and slipped into another leave the count as it was, and both links' digests changed.
            let now = recorded.rows + counted.reduce(0) { $0 + $1.now!.rows - $1.recorded.rows }
            let change: TableChange?
            if now < recorded.rows {
                change = .rowsDeleted(covered: recorded.rows, now: now)
            } else if now > recorded.rows {
                change = .rowsInserted(covered: recorded.rows, now: now)
            } else if counted.contains(where: { $0.now!.fixed != $0.recorded.fixed }) {
                change = .rowsEdited
            } else if counted.contains(where: { $0.now!.all != $0.recorded.all }), let last, quiet {
                change = .changedWithoutEntry(lastSeq: last.seq)
            } else {
                change = nil
                if counted.contains(where: { $0.now!.all != $0.recorded.all }) { unchecked.append(recorded.table) }
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
