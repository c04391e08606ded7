import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// What `cardprep vault purge --expired` did.
public struct VaultPurgeReport: Sendable, Equatable {
    /// Bundles removed from the vault (relative paths).
    public var removed: [String] = []
    /// Expired bundles kept because they are checked out (relative paths).
    public var keptCheckedOut: [String] = []
    /// Bundles whose retention has not ended (count).
    public var kept: Int = 0
}

extension Vault {
    /// The end of retention for a bundle written at `created`: `retentionMonths` calendar months later (UTC).
    public static func retainUntil(_ created: Date, months: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .month, value: months, to: created) ?? created
    }

    /// Removes every bundle whose retention has ended (by the run's clock) and that is not checked out:
    /// the file and its signature go, the ledger marks it purged with an audit event, the index is rewritten.
    /// Nothing else is touched.
    /// - Returns: what was removed and what was kept.
    /// - Throws: `LedgerError` or an I/O error; bundles removed before the error stay recorded.
    public func purgeExpired() throws -> VaultPurgeReport {
        let now = context.now()
        var report = VaultPurgeReport()
        for record in try ledger.bundles() {
            guard record.retainUntil <= now else {
                report.kept += 1
                continue
            }
            if try ledger.openLoan(bundleID: record.id) != nil {
                report.keptCheckedOut.append(record.path)
                continue
            }
            if context.dryRun {
                report.removed.append(record.path)
                continue
            }
            let file = path(of: record)
            // The supplementary bundles of the drop's remakes go with it.
            let supplements: [String] = try ledger.archivedRemakes().filter { $0.dropID == record.dropID }.compactMap(\.supplementPath)
            var files: [String] = [file, file + ".sig"]
            for supplement in supplements {
                files += [settings.vaultFolder + "/" + supplement, settings.vaultFolder + "/" + supplement + ".sig"]
            }
            for path in files where FileManager.default.fileExists(atPath: path) {
                try FileManager.default.removeItem(atPath: path)
            }
            try FileSystemSync.syncDirectory(containing: file)
            var details = ["retainUntil": Timestamp.iso8601(record.retainUntil)]
            if !supplements.isEmpty { details["supplements"] = supplements.joined(separator: ",") }
            try ledger.markBundlePurged(record.id, event: event("bundle.purged", record, details), at: now)
            report.removed.append(record.path)
        }
        if !context.dryRun { try VaultIndex(settings: settings, ledger: ledger).rebuild() }
        return report
    }
}
