import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// The vault's identity recombined in memory from custodians' plaintext shares, for one operation: it is never
/// written anywhere.
public struct RecombinedVaultKey: Sendable {
    /// The identities the vault identity file held.
    public let identities: [any AgeIdentity]
    /// Their `age1…` recipients: public, what may be printed.
    public let recipients: [String]
    /// The share set and the shares used.
    public let set: String
    public let indexes: [Int]
    public let threshold: Int
    public let count: Int

    /// How audit events name the key: `shares 1,3,5 of set 0f3c… (3 of 5)`.
    public var auditText: String {
        "shares \(indexes.map(String.init).joined(separator: ",")) of set \(set) (\(threshold) of \(count))"
    }

    /// The largest share file read: a share of a few identities is a few hundred bytes.
    static let maxShareFileSize = 64 * 1024

    /// Reads the share files (plain files, or pipes such as `<(age -d -i KEY alice.share.age)`) and recombines them.
    /// - Throws: `VaultKeyShareError` naming the share file that is unreadable, corrupted, of another set or altered;
    ///   `.share(.tooFew)` when fewer than the set's threshold are given.
    public static func combine(shareFiles: [String]) throws(VaultKeyShareError) -> RecombinedVaultKey {
        var shares: [SecretSharing.NamedShare] = []
        for path in shareFiles {
            let text = try read(path)
            do { shares.append((path, try SecretShare(text: text, name: path))) } catch { throw .share(error) }
        }
        let secret: [UInt8]
        do { secret = try SecretSharing.combine(shares) } catch { throw .share(error) }
        let first = shares[0].share
        let set = first.setName
        guard let text = String(validating: secret, as: UTF8.self) else {
            throw .notAnIdentity(set: set, reason: "the secret is not text")
        }
        let identities: [any AgeIdentity]
        do { identities = try AgeKeyText.identities(parsing: text) } catch {
            throw .notAnIdentity(set: set, reason: "\(error)")
        }
        return RecombinedVaultKey(
            identities: identities, recipients: VaultKeySecret.recipients(of: identities), set: set,
            indexes: shares.prefix(first.threshold).map(\.share.index), threshold: first.threshold, count: first.count)
    }

    /// Checks that this is the key of the vault's recipients file, when the settings name one.
    /// - Throws: `VaultKeyShareError.notTheVaultKey`; `VaultError` when the recipients file cannot be read.
    public func check(against settings: ArchiveSettings) throws {
        guard let file = settings.recipientsFile else { return }
        let expected = try VaultKeys(settings: settings).recipients().compactMap { ($0 as? AgeX25519Recipient)?.bech32 }
        guard !Set(recipients).isDisjoint(with: expected) else {
            throw VaultKeyShareError.notTheVaultKey(recipients: recipients, expected: expected, source: file)
        }
    }

    private static func read(_ path: String) throws(VaultKeyShareError) -> String {
        let bytes: [UInt8]
        do {
            let source = try FileByteSource(path: path)
            bytes = try source.read(upTo: maxShareFileSize + 1)
        } catch {
            throw .shareUnreadable(path: path, reason: "\(error)")
        }
        guard bytes.count <= maxShareFileSize else { throw .shareUnreadable(path: path, reason: "larger than 64 KiB") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .shareUnreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }
}

/// What is split: the `AGE-SECRET-KEY-1…` lines of the vault identity file, one a line, without its comments.
enum VaultKeySecret {
    /// The secret of an identity file's text.
    /// - Throws: `AgeError` when the text holds no valid identity.
    static func secret(ofIdentityFile text: String) throws -> (secret: [UInt8], recipients: [String]) {
        let identities = try AgeKeyText.identities(parsing: text)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("AGE-SECRET-KEY-1") }
        return (Array((lines.joined(separator: "\n") + "\n").utf8), recipients(of: identities))
    }

    /// The `age1…` recipients of X25519 identities.
    static func recipients(of identities: [any AgeIdentity]) -> [String] {
        identities.compactMap { ($0 as? AgeX25519Identity)?.recipient.bech32 }
    }
}
