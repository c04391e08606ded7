import CardPrepCrypto
import Foundation

/// The per-drop data keys: one age X25519 identity per drop, in a file readable by the owner only.
/// Working copies of a drop's card data are encrypted to its key; deleting the key file makes every
/// working copy unreadable (crypto-shredding).
public struct DataKeyStore: Sendable {
    /// The folder holding the key files.
    public let folder: String

    /// Creates a store over `folder`.
    public init(folder: String) { self.folder = folder }

    /// The key file of a drop.
    public func path(for dropID: String) -> String { folder + "/" + dropID + ".agekey" }

    /// Creates a new key for `dropID`, replacing a leftover from an attempt that never registered the drop.
    /// - Throws: `KeyFileError` or an I/O error when the key cannot be written.
    public func create(for dropID: String) throws -> AgeX25519Identity {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: path(for: dropID))
        let identity = AgeX25519Identity.generate()
        try PrivateKeyFile.write("# data key of drop \(dropID)\n\(identity.bech32)\n", to: path(for: dropID))
        return identity
    }

    /// The identity of `dropID`, to read its working copies.
    /// - Throws: `KeyFileError.missing` once the key has been destroyed.
    public func identity(for dropID: String) throws -> [any AgeIdentity] {
        try AgeKeyText.identities(parsing: try PrivateKeyFile.read(path(for: dropID)))
    }

    /// The recipients of `dropID`'s key, to encrypt further working copies (such as spooled job segments) to it.
    /// - Throws: `KeyFileError.missing` once the key has been destroyed.
    public func recipients(for dropID: String) throws -> [any AgeRecipient] {
        try identity(for: dropID).compactMap { ($0 as? AgeX25519Identity)?.recipient }
    }

    /// Removes the key of a drop that was not registered.
    func discard(for dropID: String) { try? FileManager.default.removeItem(atPath: path(for: dropID)) }
}
