import CardPrepOpenPGP
import Foundation
import OpenPGPTestSupport

/// The parties of the OpenPGP tests, each in its own GNUPGHOME: the bureau (secret key), a bank that encrypts to
/// the bureau and signs its manifests, and a stranger.
final class OpenPGPTestParties {
    let bureau = try! GnuPGHome()
    let bank = try! GnuPGHome()

    static let bureauID = "CardPrep Bureau <bureau@cardprep.test>"
    static let bankID = "Northwind Bank <cards@northwind.test>"

    init(bureauPassphrase: String = "") throws {
        try bureau.generateKey(Self.bureauID, passphrase: bureauPassphrase)
        try bank.generateKey(Self.bankID)
        try bank.importKeys(try bureau.exportPublicKey(Self.bureauID))
    }

    /// The bureau's secret key as CardPrep loads it.
    func bureauKey(passphrase: String? = nil, exportPassphrase: String = "", armored: Bool = true) throws -> OpenPGPDecryptionKey {
        try OpenPGPDecryptionKey(keyMaterial: try bureau.exportSecretKey(Self.bureauID, passphrase: exportPassphrase, armored: armored),
                                 passphrase: passphrase)
    }

    /// The bank's public key as a customer profile gives it.
    func bankKeys() throws -> OpenPGPSignerKeys {
        try OpenPGPSignerKeys(keyMaterial: [try bank.exportPublicKey(Self.bankID)])
    }

    /// What the bank sends: `plaintext` encrypted to the bureau with gpg.
    func encryptedByBank(_ plaintext: [UInt8], armored: Bool = false, options: [String] = []) throws -> [UInt8] {
        try bank.encrypt(plaintext, to: Self.bureauID, armored: armored, options: options)
    }

    /// Sample card data: `lines` delimited records.
    static func cardData(lines: Int) -> [UInt8] {
        Array((0..<lines).map { "D|\($0)|1|C01-DEBIT|HQ|4100000000\(String(format: "%06d", $0))|2912|CARDHOLDER \($0)|201|||\n" }
            .joined().utf8)
    }
}
