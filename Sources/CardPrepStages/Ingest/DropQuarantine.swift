import CardPrepCore
import CardPrepIO
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// Moves refused drops from the inbox to `quarantine/<customer>/<drop>@<time>/`, so that a kill at any point
/// leaves the drop either still in the inbox (and judged again by the next run) or in quarantine with its ledger
/// row, its audit event and its `.reason.txt`.
///
/// Order of work: the ledger row naming where the drop will be kept, with its audit event (one transaction) →
/// `.reason.txt` → the folder moved. A recorded quarantine whose folder is still in the inbox is finished by the
/// next ingest before it scans the inbox (`finishInterrupted()`), and reported there as quarantined.
struct DropQuarantine {
    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext

    /// Records `drop` as quarantined for `rejection` and moves it to quarantine.
    /// - Returns: the outcome to report.
    /// - Throws: `LedgerError` when the record cannot be written; I/O errors and `FolderMoveError` when the reason
    ///   file or the move fails (the next run finishes them).
    func quarantine(_ drop: InboxDrop, dropID: String?, _ rejection: DropRejection) throws -> IngestOutcome {
        let outcome = IngestOutcome(customer: drop.customer, name: drop.name, dropID: dropID, kind: .quarantined(rejection))
        if context.dryRun { return outcome }
        let now = context.now()
        let keptAt = pipeline.quarantineFolder + "/" + drop.customer + "/" + drop.name + "@" + Timestamp.compact(now)
        let id = try quarantineID(of: drop, dropID: dropID, keptAt: keptAt)
        let record = QuarantineRecord(
            customer: drop.customer, name: drop.name, dropID: id, reasonCode: rejection.code.rawValue,
            message: rejection.message, quarantinedAt: now, keptAt: keptAt)
        try ledger.recordQuarantine(
            record,
            drop: DropRecord(id: id, customer: drop.customer, name: drop.name, state: .received, registeredAt: now, originalsPath: keptAt,
                             workPath: "", sourcePath: drop.path, dataKeyRecipient: "", cardFileCount: 0, cardBytes: 0),
            event: AuditEvent(
                event: "drop.quarantined", dropID: id, actor: context.actor, host: context.host, key: "",
                details: ["customer": drop.customer, "drop": drop.name, "reason": rejection.code.rawValue,
                          "keptAt": record.keptAt]),
            at: now)
        try complete(record, from: drop.path)
        return outcome
    }

    /// Finishes every recorded quarantine whose folder is still in the inbox under its name (a run was killed between
    /// the ledger row and the move). In a dry run nothing moves, and the folders are only named so the scan skips them.
    /// - Parameter held: what workers on other hosts hold claims on (drop ids, `inbox:<customer>/<drop>`): a
    ///   quarantine one of them is in the middle of is theirs to finish.
    /// - Returns: an outcome per finished quarantine, and the inbox folders concerned.
    /// - Throws: `LedgerError`; I/O errors and `FolderMoveError` when a reason file or a move fails.
    func finishInterrupted(held: Set<String> = []) throws -> (outcomes: [IngestOutcome], folders: Set<String>) {
        var outcomes: [IngestOutcome] = []
        var folders = Set<String>()
        // Newest first: should two unfinished records name the same inbox folder, the latest decision is the one kept.
        for record in try ledger.quarantined().reversed() {
            let source = pipeline.inbox + "/" + record.customer + "/" + record.name
            if held.contains("inbox:\(record.customer)/\(record.name)") || record.dropID.map(held.contains) == true { continue }
            guard !folders.contains(source), isInterrupted(record, source: source) else { continue }
            if !context.dryRun { try complete(record, from: source) }
            folders.insert(source)
            // Every code ingest records is a rejection code; one written by another version is finished, not reported.
            guard let code = DropRejection.Code(rawValue: record.reasonCode) else { continue }
            outcomes.append(
                IngestOutcome(
                    customer: record.customer, name: record.name, dropID: record.dropID,
                    kind: .quarantined(DropRejection(code, record.message))))
        }
        return (outcomes.reversed(), folders)
    }

    /// The drop id a quarantine is recorded under: the manifest's digest (read from the inbox when the scan refused
    /// the drop before naming it), so that the same drop delivered again is recognised; a made-up id from where it
    /// is kept when there is no manifest, or when that manifest belongs to a drop that went further.
    private func quarantineID(of drop: InboxDrop, dropID: String?, keptAt: String) throws -> String {
        let manifest = dropID ?? (try? FileByteSource(path: drop.path + "/" + DropManifest.fileName).readAll()).map(FileDigest.sha256)
        if let manifest, let existing = try ledger.drop(id: manifest), existing.state != .received, existing.state != .quarantined {
            return Self.madeUpID(keptAt: keptAt)
        }
        return manifest ?? Self.madeUpID(keptAt: keptAt)
    }

    /// The id of a quarantined drop that cannot carry its manifest's: the digest of where it is kept.
    static func madeUpID(keptAt: String) -> String { FileDigest.sha256(Array(keptAt.utf8)) }

    /// What goes in `<kept>.reason.txt`: what was wrong, where, and the command that releases the drop.
    func reasonText(_ record: QuarantineRecord) -> String {
        """
        drop: \(record.customer)/\(record.name)
        quarantined: \(Timestamp.iso8601(record.quarantinedAt))
        drop-id: \(record.dropID ?? "-")
        reason: \(record.reasonCode)
        message: \(record.message)
        release: once the cause is fixed, run: cardprep retry \(FailureRemedy.quoted(pipeline.absoluteFile)) \((record.dropID ?? "").prefix(12)) --reason "cause fixed"

        """
    }

    /// Writes the reason file when it is missing and moves the drop's folder to where the record says it is kept.
    private func complete(_ record: QuarantineRecord, from source: String) throws {
        let reason = record.keptAt + ".reason.txt"
        if !FileManager.default.fileExists(atPath: reason) {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: reason).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try AtomicFileWriter.write(Array(reasonText(record).utf8), to: reason, mode: 0o640)
        }
        // The customer's files are the bureau's to guard now: nothing in quarantine is readable by others.
        if FileManager.default.fileExists(atPath: source) { try FileModes.withholdFromOthers(source) }
        try FolderMove.move(source, to: record.keptAt)
    }

    /// Whether `record` was written but its folder not moved: nothing is kept where it says, and the inbox still holds
    /// the folder. When the record names a manifest, the folder must still carry that manifest; one that does not is
    /// a later delivery under the same name, left to the scan.
    private func isInterrupted(_ record: QuarantineRecord, source: String) -> Bool {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard !fm.fileExists(atPath: record.keptAt), fm.fileExists(atPath: source, isDirectory: &isFolder), isFolder.boolValue
        else { return false }
        guard let dropID = record.dropID, dropID != Self.madeUpID(keptAt: record.keptAt) else { return true }
        let manifest = try? FileByteSource(path: source + "/" + DropManifest.fileName).readAll()
        return manifest.map(FileDigest.sha256) == dropID
    }
}
