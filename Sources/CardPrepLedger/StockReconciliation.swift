import Foundation
import GRDB

/// The reconcile stage's completion: its step record and audit event, in one transaction.
extension Ledger {
    /// Records that a drop was reconciled (again): the `reconcile` step with `summary`, and `event` in the audit log.
    public func recordReconciliation(dropID: String, summary: String, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record reconciliation of \(dropID)") { db in
            try StepRecord(dropID: dropID, stage: "reconcile", completedAt: time, summary: summary).save(db)
            try Self.append(event, at: time, in: db)
        }
    }
}
