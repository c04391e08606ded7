import CardPrepCrypto
import Foundation

/// Failures of the archive stage and the vault, with what and where.
public enum VaultError: Error, CustomStringConvertible {
    /// A setting the operation needs is not given.
    case settingMissing(String)
    /// A key file could not be read or parsed.
    case key(path: String, reason: String)
    /// A drop, bundle or order the operation needs is not there.
    case notFound(String)
    /// A drop's orders could not be read for the bundle's identity.
    case order(path: String, reason: String)
    /// The bundle file exists in the vault already; the vault never overwrites.
    case bundleExists(path: String)
    /// The bundle file or its signature is missing from the vault.
    case bundleMissing(path: String)
    /// The bundle was refused before anything was written (bad signature, undecryptable, hostile entry).
    case refused(path: String, reason: String)

    public var description: String {
        switch self {
        case let .settingMissing(what): "archive settings: \(what) is required"
        case let .key(path, reason): "key \(path): \(reason)"
        case let .notFound(what): "\(what) not found"
        case let .order(path, reason): "order \(path): \(reason)"
        case let .bundleExists(path): "bundle \(path) exists in the vault already; it is never overwritten"
        case let .bundleMissing(path): "bundle \(path) is missing from the vault"
        case let .refused(path, reason): "bundle \(path) refused: \(reason)"
        }
    }
}

/// The keys of the vault, loaded from the files `ArchiveSettings` names.
public struct VaultKeys: Sendable {
    let settings: ArchiveSettings
    /// Identities given for this operation (recombined from custodians' shares), used instead of the identity file.
    let suppliedIdentities: [any AgeIdentity]?

    /// Creates a loader over `settings`; `identities`, when given, open bundles instead of the identity file.
    public init(settings: ArchiveSettings, identities: [any AgeIdentity]? = nil) {
        self.settings = settings
        self.suppliedIdentities = identities
    }

    /// The age recipients bundles are encrypted to.
    /// - Throws: `VaultError` when no recipients file is set or it cannot be parsed.
    public func recipients() throws(VaultError) -> [any AgeRecipient] {
        guard let path = settings.recipientsFile else { throw .settingMissing("recipients (the vault's age recipients file)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .key(path: path, reason: "cannot read the file") }
        do { return try AgeKeyText.recipients(parsing: String(decoding: data, as: UTF8.self)) } catch {
            throw .key(path: path, reason: "\(error)")
        }
    }

    /// The age identities that open bundles: those supplied, else the identity file's.
    /// - Throws: `VaultError` when no identity file is set, it is readable by others, or cannot be parsed.
    public func identities() throws(VaultError) -> [any AgeIdentity] {
        if let suppliedIdentities { return suppliedIdentities }
        guard let path = settings.identityFile else { throw .settingMissing("identity (the vault's age identity file)") }
        guard FileManager.default.fileExists(atPath: path) else {
            throw .key(
                path: path,
                reason: "the vault identity file is not there; where the vault key is kept as custodians' shares, "
                    + "give M --share options")
        }
        do { return try AgeKeyText.identities(parsing: try PrivateKeyFile.read(path)) } catch {
            throw .key(path: path, reason: "\(error)")
        }
    }

    /// The bureau's signing key: a key file, or a key in the token.
    /// - Throws: `VaultError` when no signing key is set or it cannot be read or reached.
    public func signingKey() throws(VaultError) -> any SSHSigningKey {
        guard let reference = settings.signingKey else { throw .settingMissing("signing (the bureau's signing key)") }
        do { return try BureauKeys(token: settings.token).signingKey(reference) } catch {
            throw .key(path: reference.description, reason: "\(error)")
        }
    }

    /// The signing key's public key, which bundles and checkpoints are verified against when no allowed_signers
    /// file is set.
    /// - Throws: `VaultError` when the key cannot be read or is not Ed25519.
    public func signingPublicKey() throws(VaultError) -> SSHEd25519PublicKey {
        let key = try signingKey()
        guard case let .ed25519(publicKey) = key.sshPublicKey else {
            throw .key(path: settings.signingKey?.description ?? "", reason: "bundles and checkpoints are signed with Ed25519 keys only")
        }
        return publicKey
    }

    /// The keys trusted to have signed in `namespace`: those of the allowed_signers file when set,
    /// otherwise the signing key's own public key.
    /// - Throws: `VaultError` when neither can be read.
    public func trustedKeys(namespace: String, at date: Date) throws(VaultError) -> [SSHEd25519PublicKey] {
        guard let path = settings.allowedSignersFile else { return [try signingPublicKey()] }
        guard let data = FileManager.default.contents(atPath: path) else { throw .key(path: path, reason: "cannot read the file") }
        do {
            let signers = try AllowedSigners(parsing: String(decoding: data, as: UTF8.self))
            return signers.entries.filter { $0.allows(namespace: namespace, at: date) }.map(\.key)
        } catch {
            throw .key(path: path, reason: "\(error)")
        }
    }
}
