import CardPrepCore
import CardPrepOpenPGP
import Foundation

/// How a customer sends its drops: the format of its card data files and of its manifest signature. Read from the
/// customer profile; the defaults (age card data, SSHSIG manifest signature) are what every profile had before.
///
/// ```yaml
/// card_data_encryption: openpgp      # age (default): *.age to the bureau's age recipient
///                                    # openpgp: *.gpg, *.pgp (binary) or *.asc (armored) to the bureau's OpenPGP key
/// manifest_signature: openpgp        # sshsig (default): MANIFEST.sha256.sig by one of `signers`
///                                    # openpgp: MANIFEST.sha256.sig, an OpenPGP detached signature (binary or
///                                    # armored) by one of `openpgp_signers`
/// openpgp_signers:                   # the customer's OpenPGP public keys: files (relative to the profile's
///   - cust-03.pgp.asc                # folder) as `gpg --export` writes them, or armored key blocks inline
/// ```
public struct DropIntake: Sendable, Equatable {
    /// The format of the card data files.
    public enum CardDataEncryption: String, Sendable, CaseIterable {
        case age
        case openpgp

        /// The file kind this format's card data files have.
        public var fileKind: DropFileKind { self == .age ? .encryptedCardData : .openPGPCardData }
    }

    /// The format of the manifest signature.
    public enum ManifestSignature: String, Sendable, CaseIterable {
        case sshsig
        case openpgp
    }

    public var cardData: CardDataEncryption = .age
    public var manifestSignature: ManifestSignature = .sshsig
    /// The customer's OpenPGP public keys (the bytes of each key file or inline block), for `manifest_signature: openpgp`.
    public var openPGPSigners: [[UInt8]] = []

    /// The defaults: age card data, SSHSIG manifest signature.
    public init() {}

    /// The profile keys this type reads.
    static let keys: Set<String> = ["card_data_encryption", "manifest_signature", "openpgp_signers"]

    /// Reads the intake keys of a profile; key files are taken relative to the profile's folder.
    /// - Throws: `ConfigurationError` for an unknown format, a key file that cannot be read, or
    ///   `manifest_signature: openpgp` without `openpgp_signers`.
    static func read(_ root: inout ConfigurationMapping, profileFolder: String) throws(ConfigurationError) -> DropIntake {
        var intake = DropIntake()
        if let text = try root.optionalString("card_data_encryption") {
            guard let value = CardDataEncryption(rawValue: text) else {
                throw root.error("card_data_encryption", "must be \(CardDataEncryption.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            intake.cardData = value
        }
        if let text = try root.optionalString("manifest_signature") {
            guard let value = ManifestSignature(rawValue: text) else {
                throw root.error("manifest_signature", "must be \(ManifestSignature.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            intake.manifestSignature = value
        }
        for item in try root.stringItems("openpgp_signers") ?? [] {
            var key = Array(item.value.utf8)
            if !item.value.hasPrefix("-----BEGIN PGP PUBLIC KEY BLOCK-----") {
                let path = item.value.hasPrefix("/") ? item.value : profileFolder + "/" + item.value
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ConfigurationError(file: root.file, line: item.line, reason: "openpgp_signers: cannot read \(path)")
                }
                key = Array(data)
            }
            do {
                _ = try OpenPGPSignerKeys(keyMaterial: [key])
            } catch {
                throw ConfigurationError(file: root.file, line: item.line, reason: "openpgp_signers: \(item.value): \(error)")
            }
            intake.openPGPSigners.append(key)
        }
        if intake.manifestSignature == .openpgp, intake.openPGPSigners.isEmpty {
            throw root.error("manifest_signature", "openpgp needs the customer's keys in openpgp_signers")
        }
        return intake
    }
}
