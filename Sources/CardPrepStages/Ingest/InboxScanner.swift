import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// A drop folder found in the inbox: `inbox/<customer>/<drop>/`.
public struct InboxDrop: Sendable, Equatable {
    public var customer: String
    public var name: String
    public var path: String
}

/// What the inbox scan makes of a drop folder.
public enum InboxDropStatus: Sendable {
    /// Still arriving (no manifest yet, files missing or not matching yet, or changed moments ago): left untouched.
    /// `stale` is true once it has sat longer than the pipeline allows.
    case uploading(reason: String, lastChange: Date, stale: Bool)
    /// Complete: every listed file is there and matches; `dropID` is the manifest's SHA-256.
    case ready(manifest: DropManifest, manifestText: [UInt8], dropID: String)
    /// Complete but unacceptable: goes to quarantine.
    case refused(DropRejection)
}

/// Finds drop folders in the inbox and decides, without changing anything, which are ready.
public struct InboxScanner {
    let inbox: String
    let settleTime: Duration
    let staleAfter: Duration

    /// Creates a scanner over `inbox` with the pipeline's settle and stale times.
    public init(inbox: String, settleTime: Duration, staleAfter: Duration) {
        self.inbox = inbox; self.settleTime = settleTime; self.staleAfter = staleAfter
    }

    /// Every drop folder, sorted by customer and name so that runs are repeatable.
    /// - Throws: `IngestError.inboxUnreadable` when the inbox cannot be listed.
    public func drops() throws(IngestError) -> [InboxDrop] {
        let fm = FileManager.default
        guard let customers = try? fm.contentsOfDirectory(atPath: inbox) else { throw .inboxUnreadable(path: inbox) }
        var drops: [InboxDrop] = []
        for customer in customers.sorted() where DropManifest.isPlainName(customer) && isFolder(inbox + "/" + customer) {
            let names = (try? fm.contentsOfDirectory(atPath: inbox + "/" + customer)) ?? []
            for name in names.sorted() where DropManifest.isPlainName(name) && isFolder(inbox + "/" + customer + "/" + name) {
                drops.append(InboxDrop(customer: customer, name: name, path: inbox + "/" + customer + "/" + name))
            }
        }
        return drops
    }

    /// Decides whether `drop` is ready, still arriving, or to be refused.
    /// - Throws: `ByteStreamError` when a file cannot be read for hashing.
    public func status(of drop: InboxDrop, now: Date) throws -> InboxDropStatus {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: drop.path).sorted()
        var lastChange = Date.distantPast
        for name in names {
            let attributes = try fm.attributesOfItem(atPath: drop.path + "/" + name)
            if let modified = attributes[.modificationDate] as? Date { lastChange = max(lastChange, modified) }
        }
        let age = now.timeIntervalSince(lastChange)
        let stale = age > Double(staleAfter.components.seconds)
        if age < Double(settleTime.components.seconds) {
            return .uploading(reason: "files changed \(Int(age))s ago", lastChange: lastChange, stale: false)
        }
        if let partial = names.first(where: { $0.hasPrefix(".") }) {
            return .uploading(reason: "hidden file \(partial) (an upload in progress)", lastChange: lastChange, stale: stale)
        }
        guard names.contains(DropManifest.fileName) else {
            return .uploading(reason: "no \(DropManifest.fileName) yet", lastChange: lastChange, stale: stale)
        }
        let manifestBytes = try FileByteSource(path: drop.path + "/" + DropManifest.fileName).readAll()
        let manifest: DropManifest
        do {
            manifest = try DropManifest(text: String(decoding: manifestBytes, as: UTF8.self))
        } catch {
            return .refused(DropRejection(.manifestMalformed, "\(error)"))
        }
        if let rejection = checkEntries(names, of: drop, against: manifest) { return .refused(rejection) }
        for entry in manifest.entries {
            guard names.contains(entry.name) else {
                return .uploading(reason: "\(entry.name) listed but not there yet", lastChange: lastChange, stale: stale)
            }
        }
        for entry in manifest.entries {
            let actual = try FileDigest.sha256(path: drop.path + "/" + entry.name)
            guard actual == entry.sha256 else {
                let message = "\(entry.name): SHA-256 is \(actual), the manifest says \(entry.sha256)"
                if stale { return .refused(DropRejection(.digestMismatch, message)) }
                return .uploading(reason: message, lastChange: lastChange, stale: false)
            }
        }
        return .ready(manifest: manifest, manifestText: manifestBytes, dropID: FileDigest.sha256(manifestBytes))
    }

    private func checkEntries(_ names: [String], of drop: InboxDrop, against manifest: DropManifest) -> DropRejection? {
        let listed = Set(manifest.entries.map(\.name))
        for name in names where name != DropManifest.fileName && name != DropManifest.signatureFileName {
            guard isRegularFile(drop.path + "/" + name) else {
                return DropRejection(.unexpectedEntry, "\(name) is not a regular file")
            }
            guard listed.contains(name) else {
                if name.hasPrefix(DropManifest.fileName + ".") {
                    return DropRejection(.unlistedFile, "\(name) is not listed in the manifest; a manifest signature (SSHSIG or "
                                         + "OpenPGP, armored or binary) must be named \(DropManifest.signatureFileName)")
                }
                return DropRejection(.unlistedFile, "\(name) is not listed in the manifest")
            }
        }
        let kinds = manifest.entries.map { DropFileKind(fileName: $0.name) }
        if let unknown = manifest.entries.first(where: { DropFileKind(fileName: $0.name) == .unknown }) {
            return DropRejection(
                .unknownFileKind, "\(unknown.name) is neither an order (.xml) nor encrypted card data (.age, or .gpg, .pgp, .asc)")
        }
        if !kinds.contains(where: \.isCardData) {
            return DropRejection(.noCardData, "the drop holds no encrypted card data file (.age, or .gpg, .pgp, .asc)")
        }
        if !kinds.contains(.order) { return DropRejection(.noOrder, "the drop holds no .xml order file") }
        return nil
    }

    private func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue && !isSymlink(path)
    }

    private func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }

    private func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }
}
