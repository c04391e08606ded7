import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import CardPrepLedger
import Foundation

/// What goes back to the customer, published outside the drop's work folder so that it outlives the purge:
/// `<customer_outbox>/<customer>/<drop>/` holds the reject reports, the reconciliation report, the delivery lists and
/// the acceptance reports, each with its SSHSIG signature by the bureau key (`.sig`; files the stages left unsigned are
/// signed here, namespace `cardprep-report`), an `allowed_signers` line for the bureau key, and `MANIFEST.json`
/// (every file with its SHA-256 and size) with its signature.
///
/// Files are written under temporary names, flushed and renamed (0640, folders 0750). Publishing again copies only
/// what changed, so a re-run is a no-op; the stages publish as they make the files, and archive publishes once more
/// before it purges the work folder, recording the manifest's SHA-256 (`outbox.published`) in the same transaction as
/// the purge, so a run killed half way records it once, like one that was not.
public struct CustomerOutbox {
    /// The signature namespace of the files signed here and of the manifest.
    public static let namespace = AcceptanceReportFiles.namespace
    /// The manifest's file name in each drop folder.
    public static let manifestName = "MANIFEST.json"
    /// The allowed_signers file in each drop folder.
    public static let allowedSignersName = "allowed_signers"
    /// The principal naming the bureau's key in `allowed_signers`.
    public static let principal = "bureau"

    let pipeline: PipelineDefinition
    let ledger: Ledger
    let context: RunContext
    /// The bureau's signing key, loaded once on first use (a token key asks for its session once).
    private let loadedKey = SigningKeyBox()

    private final class SigningKeyBox { var key: (any SSHSigningKey)? }

    /// Prepares publication for `pipeline`.
    public init(pipeline: PipelineDefinition, ledger: Ledger, context: RunContext) {
        self.pipeline = pipeline; self.ledger = ledger; self.context = context
    }

    /// The outbox folder of a drop.
    public static func folder(of drop: DropRecord, in pipeline: PipelineDefinition) -> String {
        pipeline.customerOutbox + "/" + safeName(drop.customer) + "/" + safeName(drop.name)
    }

    /// Where a customer's stock statements are published: `<customer_outbox>/<customer>/statements`, made (0750) if missing.
    /// A statement covers a period of the customer's stock, not one drop, so it has a folder of its own.
    public static func statementsFolder(of customer: String, in pipeline: PipelineDefinition) throws -> String {
        let folder = pipeline.customerOutbox + "/" + safeName(customer) + "/statements"
        try makeFolders(folder, below: pipeline.customerOutbox)
        return folder
    }

    /// What the customer gets from each of the drop's work folders: its reports, not the bureau's own records
    /// (the validation outcome, the digest of the floor's inputs) nor card data.
    static func files(of drop: DropRecord) -> [String] {
        let work = DropWorkFolder(drop)
        let fm = FileManager.default
        var files: [String] = []
        for folder in [work.validation, work.reconcile, work.inspection] {
            let names = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            for name in names where !name.hasPrefix(".") && !name.hasSuffix(".age") && !["outcome.json", "inputs.sha256"].contains(name) {
                // A signature goes with the file it signs.
                if name.hasSuffix(".sig"), names.contains(String(name.dropLast(4))) { continue }
                files.append(folder + "/" + name)
            }
        }
        return files
    }

    /// Publishes the drop's files for the customer; nothing when it has none yet.
    /// - Returns: the publication, nil when the drop has nothing for the customer.
    /// A pipeline without `keys.signing` publishes nothing (and says so in the log): nothing goes out unsigned.
    /// - Throws: `CustomerOutboxError` for two files of the same name or one that cannot be read; I/O and signing errors.
    @discardableResult
    public func publish(_ drop: DropRecord) throws -> Publication? {
        let sources = Self.files(of: drop)
        guard !sources.isEmpty else { return try published(drop) }
        guard let reference = pipeline.signingKey else {
            context.logger.warning("nothing published for the customer: the pipeline has no keys.signing to sign it with",
                                   metadata: ["dropID": "\(drop.id.prefix(12))", "customer": "\(drop.customer)"])
            return nil
        }
        let key = try loadedKey.key ?? pipeline.keys.signingKey(reference)
        loadedKey.key = key
        let folder = Self.folder(of: drop, in: pipeline)
        try Self.makeFolders(folder, below: pipeline.customerOutbox)
        var entries: [Publication.Entry] = []
        var changed = 0
        for source in sources {
            let name = URL(fileURLWithPath: source).lastPathComponent
            guard !entries.contains(where: { $0.name == name }) else { throw CustomerOutboxError.sameName(name, drop: drop.label) }
            // Reports stream through: a reject report of millions of findings is never held in memory.
            guard let file = try? Self.digest(of: source) else { throw CustomerOutboxError.unreadable(source) }
            let target = folder + "/" + name
            changed += try Self.copy(source, file, to: target) ? 1 : 0
            entries.append(.init(name: name, sha256: file.sha256, size: file.size))
            // Signatures of people (an inspector's statement) and allowed_signers lines are covered by the manifest.
            guard !name.hasSuffix(".sig"), !name.hasSuffix("allowed_signers") else { continue }
            let signature: [UInt8]
            if let existing = FileManager.default.contents(atPath: source + ".sig") {
                signature = Array(existing)
            } else if let published = FileManager.default.contents(atPath: target + ".sig"),
                      (try? Self.verifies(Array(published), fileAt: target, key)) == true {
                signature = Array(published)
            } else {
                var message = try FileByteSource(path: target)
                signature = Array(try SSHSignature.sign(&message, namespace: Self.namespace, with: key).utf8)
            }
            changed += try Self.place(signature, at: folder + "/" + name + ".sig") ? 1 : 0
            entries.append(.init(name: name + ".sig", sha256: FileDigest.sha256(signature), size: signature.count))
        }
        let signers = "\(Self.principal) namespaces=\"\(Self.namespace),\(DeliveryList.namespace)\" "
            + key.sshPublicKey.authorizedKeyLine(comment: nil) + "\n"
        changed += try Self.place(Array(signers.utf8), at: folder + "/" + Self.allowedSignersName) ? 1 : 0
        let manifest = try Manifest(customer: drop.customer, drop: drop.name, dropID: drop.id,
                                    files: entries.sorted { $0.name < $1.name }).encoded()
        let manifestPath = folder + "/" + Self.manifestName
        if try Self.place(manifest, at: manifestPath) || !FileManager.default.fileExists(atPath: manifestPath + ".sig") {
            let signature = try SSHSignature.sign(manifest, namespace: Self.namespace, with: key)
            _ = try Self.place(Array(signature.utf8), at: manifestPath + ".sig")
            changed += 1
        }
        let publication = Publication(dropID: drop.id, customer: drop.customer, drop: drop.name, folder: folder,
                                      files: entries.filter { !$0.name.hasSuffix(".sig") }.count, changed: changed > 0,
                                      manifestSHA256: FileDigest.sha256(manifest))
        if changed > 0 {
            context.logger.info("published for the customer", metadata: [
                "dropID": "\(drop.id.prefix(12))", "customer": "\(drop.customer)", "folder": "\(folder)"])
        }
        return publication
    }

    /// The drop's folder as published earlier, read from its manifest: for a drop whose work folder is gone (an
    /// archive interrupted while it purged); nil when nothing was published.
    private func published(_ drop: DropRecord) throws -> Publication? {
        let folder = Self.folder(of: drop, in: pipeline)
        guard let data = FileManager.default.contents(atPath: folder + "/" + Self.manifestName) else { return nil }
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        return Publication(dropID: drop.id, customer: drop.customer, drop: drop.name, folder: folder,
                           files: manifest.files.filter { !$0.name.hasSuffix(".sig") }.count, changed: false,
                           manifestSHA256: FileDigest.sha256(Array(data)))
    }

    /// Writes `bytes` to `path` unless it holds them already. - Returns: whether the file was written.
    private static func place(_ bytes: [UInt8], at path: String) throws -> Bool {
        if let existing = FileManager.default.contents(atPath: path), Array(existing) == bytes { return false }
        try AtomicFileWriter.write(bytes, to: path, mode: 0o640)
        return true
    }

    /// A file's SHA-256 and size, read in pieces.
    private struct FileIdentity: Equatable {
        let sha256: String
        let size: Int
    }

    private static func digest(of path: String) throws -> FileIdentity {
        let source = try FileByteSource(path: path)
        var digest = StreamingSHA256()
        var size = 0
        while true {
            let piece = try source.read(upTo: 64 * 1024)
            if piece.isEmpty { return FileIdentity(sha256: digest.hex(), size: size) }
            digest.update(piece)
            size += piece.count
        }
    }

    /// Copies `source` (of identity `file`) to `path` in pieces unless `path` holds the same bytes already.
    /// - Returns: whether the file was written.
    private static func copy(_ source: String, _ file: FileIdentity, to path: String) throws -> Bool {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == file.size,
           (try? digest(of: path)) == file {
            return false
        }
        let input = try FileByteSource(path: source)
        let output = try AtomicFileWriter(path: path, mode: 0o640)
        while true {
            let piece = try input.read(upTo: 64 * 1024)
            if piece.isEmpty { break }
            try output.write(piece)
        }
        try output.commit()
        return true
    }

    private static func verifies(_ signature: [UInt8], fileAt path: String, _ key: any SSHSigningKey) throws -> Bool {
        var message = try FileByteSource(path: path)
        _ = try SSHSignature.verify(String(decoding: signature, as: UTF8.self), message: &message, namespace: namespace,
                                    signers: [key.sshPublicKey])
        return true
    }

    /// Creates `folder` and the folders between it and `root`, each 0750.
    private static func makeFolders(_ folder: String, below root: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var path = folder
        while path.count >= root.count {
            try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: path)
            guard path != root else { break }
            path = URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
    }

    /// A customer or drop name as one safe path component.
    static func safeName(_ name: String) -> String {
        let safe = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        return safe.allSatisfy { $0 == "." } ? "_" + safe : safe
    }
}
