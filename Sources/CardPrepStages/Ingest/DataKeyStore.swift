import CardPrepCrypto
import CardPrepIO
import Foundation

/// The per-drop data keys: one age X25519 identity per drop, never in clear on disk. Each is stored wrapped, as an
/// age file encrypted to the pipeline's key-wrapping recipients (the bureau key), readable by the owner only, and
/// unwrapped in memory when a stage needs it. Working copies of a drop's card data are encrypted to its key;
/// deleting the wrapped key makes every working copy unreadable (crypto-shredding).
public struct DataKeyStore: Sendable {
    /// The folder holding the wrapped keys.
    public let folder: String
    /// What the keys are wrapped to and unwrapped with.
    public let wrapping: DataKeyWrapping

    /// Creates a store over `folder`.
    public init(folder: String, wrapping: DataKeyWrapping) { self.folder = folder; self.wrapping = wrapping }

    /// The store of `pipeline`: `<output>/keys/drops`, wrapped to the bureau key.
    /// - Throws: `KeyFileError` when the bureau identity cannot be read.
    public init(pipeline: PipelineDefinition) throws {
        self.init(folder: pipeline.dataKeyFolder, wrapping: try DataKeyWrapping(identityFile: pipeline.identityFile))
    }

    /// The wrapped key file of a drop.
    public func path(for dropID: String) -> String { folder + "/" + dropID + Self.wrappedSuffix }

    /// The name ending of wrapped key files.
    public static let wrappedSuffix = ".agekey.age"
    /// The name ending of the clear key files of earlier versions, wrapped when first read.
    static let clearSuffix = ".agekey"

    /// Creates a new key for `dropID`, replacing a leftover from an attempt that never registered the drop, and
    /// stores it wrapped.
    /// - Throws: `AgeError` or an I/O error when the key cannot be wrapped or written.
    public func create(for dropID: String) throws -> AgeX25519Identity {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        discard(for: dropID)
        let identity = AgeX25519Identity.generate()
        try store("# data key of drop \(dropID)\n\(identity.bech32)\n", for: dropID)
        return identity
    }

    /// The identity of `dropID`, unwrapped in memory, to read its working copies.
    /// - Throws: `KeyFileError.missing` once the key has been destroyed; `AgeError` when it cannot be unwrapped.
    public func identity(for dropID: String) throws -> [any AgeIdentity] {
        let wrapped = path(for: dropID), clear = folder + "/" + dropID + Self.clearSuffix
        if !FileManager.default.fileExists(atPath: wrapped), FileManager.default.fileExists(atPath: clear) {
            try store(try PrivateKeyFile.read(clear), for: dropID)
            try FileManager.default.removeItem(atPath: clear)
        }
        guard FileManager.default.fileExists(atPath: wrapped) else { throw KeyFileError.missing(path: wrapped) }
        var source = try FileByteSource(path: wrapped)
        var sink = MemoryByteSink()
        try Age.decrypt(&source, to: &sink, identities: wrapping.identities)
        return try AgeKeyText.identities(parsing: String(decoding: sink.bytes, as: UTF8.self))
    }

    /// The recipients of `dropID`'s key, to encrypt further working copies (such as spooled job segments) to it.
    /// - Throws: `KeyFileError.missing` once the key has been destroyed.
    public func recipients(for dropID: String) throws -> [any AgeRecipient] {
        try identity(for: dropID).compactMap { ($0 as? AgeX25519Identity)?.recipient }
    }

    /// Removes the key of a drop that was not registered.
    func discard(for dropID: String) {
        try? FileManager.default.removeItem(atPath: path(for: dropID))
        try? FileManager.default.removeItem(atPath: folder + "/" + dropID + Self.clearSuffix)
    }

    /// The drop id a key file in the folder belongs to; nil for other files.
    static func dropID(ofKeyFile name: String) -> String? {
        for suffix in [wrappedSuffix, clearSuffix] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
        return nil
    }

    private func store(_ text: String, for dropID: String) throws {
        var source = MemoryByteSource(Array(text.utf8))
        var sink = MemoryByteSink()
        try Age.encrypt(&source, to: &sink, recipients: wrapping.recipients)
        try AtomicFileWriter.write(sink.bytes, to: path(for: dropID), mode: 0o600, overwrite: true)
    }
}

/// What per-drop data keys are wrapped to and unwrapped with: the bureau's age identity, whose recipients the keys
/// are encrypted to.
public struct DataKeyWrapping: Sendable {
    /// The recipients data keys are wrapped to.
    public let recipients: [any AgeRecipient]
    /// The identities that unwrap them.
    public let identities: [any AgeIdentity]
    /// The recipients as `age1…` text, for the audit log.
    public var recipientText: String {
        identities.compactMap { ($0 as? AgeX25519Identity)?.recipient.bech32 }.joined(separator: ",")
    }

    /// Wraps to the X25519 identities in `identityFile` (the bureau key).
    /// - Throws: `KeyFileError`; `AgeError` for a file with no usable identity.
    public init(identityFile: String) throws {
        try self.init(identities: try AgeKeyText.identities(parsing: try PrivateKeyFile.read(identityFile)), file: identityFile)
    }

    /// Wraps to the X25519 and plugin identities among `identities` (the bureau key, loaded already from `file`); a
    /// plugin identity (a key in a token) is wrapped to through its plugin, which needs no token to do so.
    /// - Throws: `KeyFileError.malformed` when there is neither.
    public init(identities: [any AgeIdentity], file: String) throws {
        let recipients: [any AgeRecipient] = identities.compactMap {
            ($0 as? AgeX25519Identity)?.recipient ?? ($0 as? AgePluginIdentity)?.recipient
        }
        guard !recipients.isEmpty else {
            throw KeyFileError.malformed(path: file, reason: "holds no age X25519 or plugin identity to wrap data keys to")
        }
        self.identities = identities
        self.recipients = recipients
    }
}
