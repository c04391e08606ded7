import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import Foundation

/// `cardprep keys`: the bureau's own keys.
public struct KeysCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create the bureau's keys, in files or in a PKCS#11 token; split the vault key between custodians.",
        subcommands: [
            KeysGenerateCommand.self, KeysSplitCommand.self, KeysCombineTestCommand.self, KeysTokenGenerateCommand.self,
            KeysTokenPublicKeyCommand.self, KeysTokenFingerprintKeyCommand.self, KeysUsageCommand.self,
            KeysTokenCVKCommand.self,
        ]
    )

    public init() {}
}

/// `cardprep keys generate --dir DIR`.
struct KeysGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new set of bureau keys into a folder.",
        discussion: """
            Writes bureau.agekey (age identity for inbound card data; customers encrypt to bureau.agekey.pub), \
            bureau-signing (Ed25519, OpenSSH format; staff verify with bureau-signing.pub or allowed_signers and \
            ssh-keygen -Y verify) and fingerprint.key (HMAC key for card fingerprints). Private files get mode \
            0600. Existing keys are never overwritten.

            Example: cardprep keys generate --dir /etc/cardprep/keys --principal cardprep@bureau.example
            """
    )

    @Option(help: "The folder to write the keys into (created if needed).")
    var dir: String

    @Option(help: "The signer name for allowed_signers and key comments.")
    var principal = "cardprep@bureau"

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let keys: BureauKeySet
        do {
            keys = try BureauKeySet.generate(in: dir, principal: principal, now: Date())
        } catch {
            throw CommandFailure.report("\(error)", code: .failure)
        }
        if json {
            try printJSON(["recipient": keys.recipient, "signingPublicKey": keys.signingPublicKey, "folder": dir], format: .keys)
            return
        }
        for file in keys.files { print("wrote \(file)") }
        print("age recipient for customers: \(keys.recipient)")
        print("signing key: \(keys.signingPublicKey)")
    }
}
