import ArgumentParser
import CardPrepCore
import CardPrepCrypto

/// `cardprep keys token-cvk`: an issuer's card verification key put into the token.
struct KeysTokenCVKCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-cvk",
        abstract: "Put an issuer's card verification key (CVK A|B) into a PKCS#11 token and print its check value.",
        discussion: """
            The key is a double-length DES key; the token holds it as object=LABEL (A|B) and object=LABEL.A (A|A, \
            for the single-DES step of the Visa CVV method), both sensitive and never extractable. With --from, the \
            key is read from a file of 32 hex digits (A then B, mode 0600), as the issuer's key components are \
            entered once combined; compare the printed check value with the issuer's, then destroy the file. With \
            --generate, a new key is made (for tests and demonstrations, or an issuer that takes its CVK from the \
            bureau: the key exists nowhere but in the token). Name the URI as card_values.key of the product in the \
            customer profile.

            Example: cardprep keys token-cvk --pipeline /etc/cardprep/pipeline.yml \\
                       --uri 'pkcs11:token=cardprep;object=cvk-c01-debit' --from /root/cvk-c01-debit.hex
            """
    )

    @OptionGroup var token: TokenOptions

    @Option(help: "A file holding the key as 32 hex digits, A then B, readable by its owner only.")
    var from: String?

    @Flag(help: "Generate a new key instead of reading one.")
    var generate = false

    func validate() throws {
        guard (from == nil) != !generate else { throw ValidationError("give one of --from FILE and --generate") }
    }

    func run() throws {
        let uri = try token.keyURI()
        let settings = try token.settings()
        let value: [UInt8]
        if let from {
            value = try failing(.failure) { try CardVerificationKeyFile.bytes(from) }
        } else {
            var generator = SystemRandomNumberGenerator()
            value = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        }
        let (_, checkValue) = try failing(.failure) {
            try TokenCardVerificationKey.importing(value: value, as: uri, settings: settings)
        }
        print("card verification key \(uri) is in the token with its left half; it cannot be read back out")
        print("check value: \(checkValue)")
    }
}
