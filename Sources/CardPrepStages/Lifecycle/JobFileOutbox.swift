import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// Takes job files out of the stations' outbox once they are no longer needed: when their production results come
/// back, and at the latest when their drop is archived. Each removal is an audit event.
struct JobFileOutbox {
    let ledger: Ledger
    let context: RunContext

    /// Removes the job files of `dropID` still out (only those of `jobs` when given) and records each removal.
    func remove(of dropID: String, jobs: Set<String>? = nil, because reason: String) throws {
        for file in try ledger.jobFilesOut(dropID: dropID) where jobs?.contains(file.jobID) ?? true {
            let present = FileManager.default.fileExists(atPath: file.path)
            if present {
                try FileManager.default.removeItem(atPath: file.path)
                try FileSystemSync.syncDirectory(containing: file.path)
            }
            try ledger.recordJobFileRemoved(
                file.path, because: reason,
                event: AuditEvent(event: "jobfile.removed", dropID: dropID, actor: context.actor, host: context.host,
                                  details: ["job": file.jobID, "machine": file.machine, "file": file.path, "sha256": file.sha256,
                                            "reason": reason, "wasPresent": String(present)]),
                at: context.now())
            context.logger.info("job file removed from the outbox", metadata: [
                "dropID": "\(dropID.prefix(12))", "job": "\(file.jobID)", "reason": "\(reason)"])
        }
    }
}
