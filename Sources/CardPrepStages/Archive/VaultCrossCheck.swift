import CardPrepCore
import CardPrepLedger
import Foundation

/// Checks a bundle's ledger record against the two other records of it: the `bundle.written` audit entry (digest and
/// number of entries, as written; the entry is in the hash chain that signed checkpoints cover) and its line in the
/// vault index (`index.jsonl`, every field). A bundle swapped together with its ledger digest no longer matches its
/// audit entry; an edited index line no longer matches the ledger.
struct VaultCrossCheck {
    let ledger: Ledger
    let settings: ArchiveSettings

    /// The faults of one recorded bundle.
    /// - Parameters:
    ///   - manifest: the bundle's MANIFEST, when it was read, to compare its number of entries.
    ///   - index: the index file's lines (`VaultIndex.readLines()`).
    /// - Throws: `LedgerError` when the audit log cannot be read.
    func faults(of record: VaultBundleRecord, manifest: BundleManifest?, index: [VaultIndex.ReadLine]) throws -> [VaultFault] {
        var faults: [VaultFault] = []
        if let written = try ledger.bundleWritten(bundleID: record.id, dropID: record.dropID) {
            if let sha256 = written.sha256, sha256 != record.sha256 {
                faults.append(.auditDigest(seq: written.seq, audit: sha256, ledger: record.sha256))
            }
            if let count = written.entries, let manifest, manifest.entries.count != count {
                faults.append(.auditEntryCount(seq: written.seq, audit: count, manifest: manifest.entries.count))
            }
        } else {
            faults.append(.auditRecordMissing(bundleID: record.id))
        }
        let file = settings.indexFile
        let lines = index.filter { $0.line?.id == record.id }
        if record.purged {
            faults += lines.map { .indexLineUnknown(file: file, line: $0.number, bundleID: record.id) }
            return faults
        }
        guard let first = lines.first, let line = first.line else { return faults + [.indexLineMissing(file: file)] }
        if lines.count > 1 { faults.append(.indexLineRepeated(file: file, lines: lines.map(\.number))) }
        let expected = Mirror(reflecting: VaultIndex.Line(record)).children
        let found = Dictionary(
            Mirror(reflecting: line).children.compactMap { child in child.label.map { ($0, "\(child.value)") } },
            uniquingKeysWith: { first, _ in first })
        for child in expected {
            guard let label = child.label, let value = found[label], value != "\(child.value)" else { continue }
            faults.append(.indexLine(file: file, line: first.number, field: label, index: value, ledger: "\(child.value)"))
        }
        return faults
    }

    /// The index lines that cannot be read or name a bundle the ledger does not know.
    /// - Throws: `LedgerError` when the ledger cannot be read.
    func strayIndexLines(_ index: [VaultIndex.ReadLine]) throws -> [VaultFault] {
        let known = Set(try ledger.bundles(matching: VaultQuery(includePurged: true)).map(\.id))
        return index.compactMap { read in
            guard let line = read.line else {
                return .indexLineUnreadable(file: settings.indexFile, line: read.number, reason: read.problem ?? "unreadable")
            }
            return known.contains(line.id)
                ? nil : .indexLineUnknown(file: settings.indexFile, line: read.number, bundleID: line.id)
        }
    }
}
