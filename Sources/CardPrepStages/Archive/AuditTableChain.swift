import CardPrepLedger
import Foundation

/// The links of a table's chained digest (table digest encoding 2) that end with a checkpoint's, oldest first, found
/// in the signed checkpoints before it: recounting every link recounts every row the checkpoint covers.
///
/// Each link names the one it continues by mark, row count and digest (`from`, `fromRows`, `base`); it must be the
/// same table's in the checkpoint before. A chain ends at a first link (`from=0`) or at a whole-table digest, as
/// checkpoints signed before encoding 2 hold. When the checkpoint before is missing (deleted, or its signature does not
/// verify), its link is recounted from the one before that, up to the mark the later link names; two missing in a row
/// leave the rows between them unrecountable.
struct TableChain {
    /// The links, oldest first; the last is the checkpoint's own.
    var links: [TableDigest]

    /// Why the chain cannot be followed back to its start.
    struct Break: Error, Equatable {
        var reason: String
    }

    /// Follows the chain of `link`, signed in checkpoint `number`, back through `signed` (checkpoints by number).
    /// - Throws: `Break` when a link names a digest no signed checkpoint holds.
    init(ending link: TableDigest, at number: Int, in signed: [Int: AuditCheckpoint]) throws(Break) {
        func digest(in number: Int) -> TableDigest? { signed[number]?.tables.first { $0.table == link.table } }
        var links = [link]
        var current = link, at = number
        while let from = current.from, from != 0 {
            let rows = current.fromRows ?? 0, base = current.base ?? ""
            if let before = digest(in: at - 1) {
                guard before.mark == from, before.rows == rows, before.all == base else {
                    throw Break(reason: "checkpoint \(at)'s digest does not continue checkpoint \(at - 1)'s")
                }
                links.insert(before, at: 0)
                current = before
                at -= 1
                continue
            }
            guard let earlier = digest(in: at - 2), earlier.columns == current.columns,
                earlier.markColumn == current.markColumn, earlier.fixed == earlier.all
            else {
                throw Break(
                    reason: "checkpoint \(at)'s digest continues checkpoint \(at - 1)'s, which no signed copy holds, "
                        + "nor one of checkpoint \(at - 2) to recount it from")
            }
            let bridge = TableDigest(
                table: current.table, columns: current.columns, mutableColumns: [], mutableRows: nil,
                markColumn: current.markColumn, mark: from, rows: rows, fixed: base, all: base, from: earlier.mark,
                fromRows: earlier.rows, base: earlier.all)
            links.insert(contentsOf: [earlier, bridge], at: 0)
            current = earlier
            at -= 2
        }
        self.links = links
    }
}
