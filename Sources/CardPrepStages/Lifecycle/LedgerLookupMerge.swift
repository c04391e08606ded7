import CardPrepCore
import CardPrepLedger
import Foundation
import Logging

/// Merges pending sets into a ledger table's lookups once enough are pending (see `Ledger.mergeFingerprints` and
/// `Ledger.mergeTrace`), after the stage's own transaction. The drop's step is recorded either way: a merge that fails
/// leaves the sets pending, lookups still read them, and the next stage to finish merges them.
enum LedgerLookupMerge {
    /// Runs `merge` and logs what it merged, or why it could not.
    /// - Parameters:
    ///   - what: what is merged, as the log says it: "card fingerprints", "card trace".
    ///   - rows: the log's name for the rows merged.
    static func ifDue(_ what: String, rows: String, logger: Logger, _ merge: () throws(LedgerError) -> PendingSets?) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            guard let merged = try merge() else { return }
            logger.info(
                "\(what) merged into the lookup",
                metadata: [
                    "sets": .stringConvertible(merged.sets), "\(rows)": .stringConvertible(merged.rows),
                    "seconds": "\(String(format: "%.1f", start.duration(to: clock.now).seconds))",
                ])
        } catch {
            logger.warning("\(what) not merged into the lookup; they stay pending", metadata: ["error": "\(error)"])
        }
    }
}
