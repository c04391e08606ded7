import CardPrepCore
import CardPrepIO
import Foundation

/// The bureau's own keys, as files in one folder:
///
/// | file | what | mode |
/// |---|---|---|
/// | `bureau.agekey` | age X25519 identity for inbound card data (the format `age-keygen` writes) | 0600 |
/// | `bureau.agekey.pub` | its `age1…` recipient, for customers | 0644 |
/// | `bureau-signing` | Ed25519 signing key, OpenSSH format (`ssh-keygen -Y sign -f` accepts it) | 0600 |
/// | `bureau-signing.pub` | its `ssh-ed25519 …` line | 0644 |
/// | `allowed_signers` | an OpenSSH allowed_signers line for `ssh-keygen -Y verify` | 0644 |
/// | `fingerprint.key` | HMAC key for card fingerprints | 0600 |
public struct BureauKeySet: Sendable {
    public static let identityFileName = "bureau.agekey"
    public static let recipientFileName = "bureau.agekey.pub"
    public static let signingKeyFileName = "bureau-signing"
    public static let signingPublicKeyFileName = "bureau-signing.pub"
    public static let allowedSignersFileName = "allowed_signers"
    public static let fingerprintKeyFileName = "fingerprint.key"
    /// The namespaces the bureau signs in; `allowed_signers` restricts the key to them.
    public static let signingNamespaces = ["cardprep-bundle", "cardprep-report", "cardprep-delivery", "cardprep-audit"]

    /// The files written, for the caller's summary.
    public var files: [String]
    /// The age recipient customers encrypt to.
    public var recipient: String
    /// The `ssh-ed25519 …` public line.
    public var signingPublicKey: String

    /// Writes a new key set into `folder` (created if needed); refuses to overwrite any existing key.
    /// - Parameters:
    ///   - folder: where the files go.
    ///   - principal: the signer's name in `allowed_signers` and the key comments, e.g. `cardprep@bureau.example`.
    ///   - now: the creation time written into the identity file's comment.
    /// - Throws: `KeyFileError.exists` when any of the files exists; nothing is written then.
    public static func generate(in folder: String, principal: String, now: Date) throws -> BureauKeySet {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let names = [identityFileName, recipientFileName, signingKeyFileName, signingPublicKeyFileName,
                     allowedSignersFileName, fingerprintKeyFileName]
        for name in names where fm.fileExists(atPath: folder + "/" + name) {
            throw KeyFileError.exists(path: folder + "/" + name)
        }
        let identity = AgeX25519Identity.generate()
        let recipient = identity.recipient.bech32
        let signing = SSHEd25519SigningKey.generate()
        let publicLine = signing.publicKey.authorizedKeyLine(comment: principal)
        let namespaces = signingNamespaces.joined(separator: ",")

        try PrivateKeyFile.write(
            "# created: \(Timestamp.iso8601(now))\n# public key: \(recipient)\n\(identity.bech32)\n",
            to: folder + "/" + identityFileName)
        try PrivateKeyFile.write(signing.openSSHPrivateKey(comment: principal), to: folder + "/" + signingKeyFileName)
        try PrivateKeyFile.write(FingerprintKey.generate().fileText, to: folder + "/" + fingerprintKeyFileName)
        try AtomicFileWriter.write(Array("\(recipient)\n".utf8), to: folder + "/" + recipientFileName, mode: 0o644)
        try AtomicFileWriter.write(Array("\(publicLine)\n".utf8), to: folder + "/" + signingPublicKeyFileName, mode: 0o644)
        try AtomicFileWriter.write(
            Array("\(principal) namespaces=\"\(namespaces)\" \(signing.publicKey.authorizedKeyLine(comment: nil))\n".utf8),
            to: folder + "/" + allowedSignersFileName, mode: 0o644)
        return BureauKeySet(files: names.map { folder + "/" + $0 }, recipient: recipient, signingPublicKey: publicLine)
    }
}
