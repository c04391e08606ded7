import CardPrepCore
import CardPrepIO
import CardPrepCrypto
import CardPrepLedger
import Foundation

/// The customer's files of a registered drop, kept as received in `received/<customer>/<drop>@<id>/` for the
/// archive. They are the copies ingest made while checking them against the signed manifest (see `DropWorkCopy`),
/// never the inbox files themselves, which the sender can still change.
///
/// Ingest stages them in the drop's work folder, which is published before the drop is registered. Once the
/// drop is registered, `finish()` takes the inbox folder out of the scan's sight (renamed to a hidden name beside
/// it), moves the staged copies to `received/`, and removes the renamed inbox folder. Each step can be cut short
/// by a kill; `finish()` is idempotent and the next run's output recovery calls it for every registered drop.
/// The inbox folder goes first so that, whatever the kill, a registered drop's folder still in the inbox always
/// means "not finished" and never looks like a second delivery.
struct DropOriginals {
    /// The folder in a drop's work folder where ingest stages the originals.
    static let stagingName = "received"

    let drop: DropRecord

    /// Where the originals wait until the drop is registered.
    var staged: String { drop.workPath + "/" + Self.stagingName }

    /// The hidden name the inbox folder is renamed to once the drop is registered, until it is removed. It stays
    /// beside the original name, so the rename never crosses file systems; no inbox scan lists hidden names.
    var retiredInboxFolder: String {
        URL(fileURLWithPath: drop.sourcePath).deletingLastPathComponent().path + "/." + drop.name + "@"
            + drop.id.prefix(12) + ".taken"
    }

    /// Takes the registered drop's inbox folder away, keeps the staged originals and removes what is left.
    /// - Returns: the paths removed, for the log.
    /// - Throws: `IngestError.storage` or `FolderMoveError` when a rename fails; file system errors when the retired
    ///   inbox folder cannot be removed.
    @discardableResult
    func finish() throws -> [String] {
        let fm = FileManager.default
        if !fm.fileExists(atPath: drop.originalsPath), fm.fileExists(atPath: staged) {
            try retireInboxFolder()
            try FolderMove.move(staged, to: drop.originalsPath)
        }
        guard fm.fileExists(atPath: retiredInboxFolder) else { return [] }
        try fm.removeItem(atPath: retiredInboxFolder)
        return [retiredInboxFolder]
    }

    /// Renames the inbox folder to its hidden name, when it still holds this drop (its manifest is the registered
    /// one); a folder that holds something else by now is a new delivery and is left to the scan.
    private func retireInboxFolder() throws(IngestError) {
        let manifestPath = drop.sourcePath + "/" + DropManifest.fileName
        guard let manifest = try? FileByteSource(path: manifestPath).readAll(), FileDigest.sha256(manifest) == drop.id
        else { return }
        let retired = retiredInboxFolder
        if FileManager.default.fileExists(atPath: retired) {
            do { try FileManager.default.removeItem(atPath: retired) } catch {
                throw .storage("cannot remove \(retired): \(error)")
            }
        }
        guard rename(drop.sourcePath, retired) == 0 else {
            throw .storage("cannot move \(drop.sourcePath) out of the inbox: \(String(cString: strerror(errno)))")
        }
        try? FileSystemSync.syncDirectory(containing: drop.sourcePath)
    }
}
