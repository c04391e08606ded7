import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation
import OpenPGPTestSupport

@testable import CardPrepStages

/// Turns an `IngestFixture`'s pipeline and drops into OpenPGP ones made with the real `gpg`: the bureau's OpenPGP key
/// (made by gpg in its own GNUPGHOME and exported to the pipeline's keys folder), a bank that encrypts card data to it
/// and signs manifests with its own key, and a stranger.
final class OpenPGPDrops {
    let fixture: IngestFixture
    let bureau = try! GnuPGHome()
    let bank = try! GnuPGHome()
    let stranger = try! GnuPGHome()

    static let bureauID = "CardPrep Bureau <bureau@cardprep.test>"
    static let bankID = "Northwind Bank <cards@northwind.test>"
    static let strangerID = "Stranger <someone@elsewhere.test>"

    /// The bureau key file, relative to the fixture's root.
    static let keyFile = "keys/bureau-openpgp.key"

    /// Makes the keys with gpg, names the bureau's secret key in the pipeline (protected by `passphrase` when given,
    /// with a passphrase file), and gives the bank the bureau's public key.
    init(_ fixture: IngestFixture, passphrase: String? = nil) throws {
        self.fixture = fixture
        try bureau.generateKey(Self.bureauID, passphrase: passphrase ?? "")
        try bank.generateKey(Self.bankID)
        try stranger.generateKey(Self.strangerID)
        try bank.importKeys(try bureau.exportPublicKey(Self.bureauID))
        try bank.importKeys(try stranger.exportPublicKey(Self.strangerID))
        try stranger.importKeys(try bureau.exportPublicKey(Self.bureauID))
        try writeBureauKey(try bureau.exportSecretKey(Self.bureauID, passphrase: passphrase ?? ""), passphrase: passphrase)
    }

    /// Writes `key` (0600) as the pipeline's OpenPGP identity, with a passphrase file when given, and reloads the pipeline.
    func writeBureauKey(_ key: [UInt8], passphrase: String? = nil, mode: Int = 0o600) throws {
        let path = fixture.root + "/" + Self.keyFile
        try? FileManager.default.removeItem(atPath: path)
        try Data(key).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        var keys = "  openpgp_identity: \(Self.keyFile)\n"
        if let passphrase {
            try Data((passphrase + "\n").utf8).write(to: URL(fileURLWithPath: fixture.root + "/keys/bureau-openpgp.pass"))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: fixture.root + "/keys/bureau-openpgp.pass")
            keys += "  openpgp_passphrase: keys/bureau-openpgp.pass\n"
        }
        try rewritePipeline { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("openpgp_") }
                .joined(separator: "\n")
                .replacingOccurrences(of: "  fingerprint: keys/fingerprint.key\n", with: "  fingerprint: keys/fingerprint.key\n" + keys)
        }
    }

    /// Rewrites the fixture's pipeline file and reloads it.
    func rewritePipeline(_ change: (String) -> String) throws {
        let file = fixture.root + "/pipeline.yml"
        try change(try String(contentsOfFile: file, encoding: .utf8)).write(toFile: file, atomically: true, encoding: .utf8)
        fixture.pipeline = try PipelineDefinition.load(path: file)
    }

    /// Says in `customer`'s profile that its card data is OpenPGP and its manifests are signed with OpenPGP by the
    /// bank's key (exported by gpg into a file beside the profile).
    func makeOpenPGPCustomer(_ customer: String, signerKey: [UInt8]? = nil) throws {
        let keyName = customer + ".pgp.asc"
        try Data(try signerKey ?? bank.exportPublicKey(Self.bankID)).write(to: URL(fileURLWithPath: fixture.root + "/customers/" + keyName))
        let profile = fixture.root + "/customers/" + customer + ".yml"
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try (text + "\ncard_data_encryption: openpgp\nmanifest_signature: openpgp\nopenpgp_signers: [\(keyName)]\n")
            .write(toFile: profile, atomically: true, encoding: .utf8)
    }

    /// How the card data of a converted drop is made.
    enum Encryption {
        /// By the bank with gpg to the bureau (armored or binary).
        case gpg(armored: Bool, options: [String] = [])
        /// By the bank with gpg to `recipient` (a wrong recipient).
        case gpgTo(String)
        /// Given bytes of the bank's choosing, made from the plaintext.
        case custom(([UInt8]) throws -> [UInt8])
    }

    /// Who signs the manifest of a converted drop.
    enum Signer {
        case bank(armored: Bool)
        case stranger
        case nobody
        case custom(([UInt8]) throws -> [UInt8])
    }

    /// Replaces the age card data of `customer`'s drop in the inbox by OpenPGP card data (`cards-….csv.gpg`, or `.asc`
    /// when armored) with the same plaintext, and writes and signs a new manifest. The plaintext goes to gpg on
    /// standard input and is never written to disk.
    /// - Parameter flip: flips a byte of the ciphertext at this fraction of its length, before the manifest is made.
    func convert(_ customer: String, encryption: Encryption = .gpg(armored: false), signer: Signer = .bank(armored: false),
                 flip: Double? = nil) throws {
        let drop = fixture.drop(customer: customer)
        let folder = fixture.inboxPath(drop)
        let plaintext = try fixture.plaintext(of: drop)
        let ageName = try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".age") }!
        var ciphertext: [UInt8]
        var ending = ".gpg"
        switch encryption {
        case let .gpg(armored, options):
            ciphertext = try bank.encrypt(plaintext, to: Self.bureauID, armored: armored, options: options)
            if armored { ending = ".asc" }
        case let .gpgTo(recipient): ciphertext = try bank.encrypt(plaintext, to: recipient)
        case let .custom(make): ciphertext = try make(plaintext)
        }
        if let flip { ciphertext[Int(Double(ciphertext.count) * flip)] ^= 0x01 }
        try FileManager.default.removeItem(atPath: folder + "/" + ageName)
        let cardName = String(ageName.dropLast(4)) + ending
        try Data(ciphertext).write(to: URL(fileURLWithPath: folder + "/" + cardName))
        try reseal(folder, signer: signer)
    }

    /// Writes a new manifest over the folder's files and signs it as `signer` says.
    func reseal(_ folder: String, signer: Signer) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0 != DropManifest.fileName && $0 != DropManifest.signatureFileName }
        let manifest = Array(DropManifest(entries: try names.map {
            DropManifest.Entry(name: $0, sha256: try FileDigest.sha256(path: folder + "/" + $0))
        }).text.utf8)
        let signature: [UInt8]?
        switch signer {
        case let .bank(armored): signature = try bank.detachSign(manifest, as: Self.bankID, armored: armored)
        case .stranger: signature = try stranger.detachSign(manifest, as: Self.strangerID)
        case .nobody: signature = nil
        case let .custom(sign): signature = try sign(manifest)
        }
        try? FileManager.default.removeItem(atPath: folder + "/" + DropManifest.signatureFileName)
        if let signature { try Data(signature).write(to: URL(fileURLWithPath: folder + "/" + DropManifest.signatureFileName)) }
        try Data(manifest).write(to: URL(fileURLWithPath: folder + "/" + DropManifest.fileName))
    }
}
