import ArgumentParser
import CardPrepCore
import CardPrepCrypto

/// `cardprep crypto decrypt`: decrypts an age file with identity files or a passphrase.
struct CryptoDecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Decrypt an age file (binary or armored) with identity files or a passphrase.",
        discussion: """
            Reads INPUT (standard input when absent or "-") and writes the plaintext to -o (standard output when absent). With -o, the output file appears only when the whole file decrypted and authenticated; on any failure nothing is left behind. On standard output, plaintext is written chunk by authenticated chunk, so a failure can come after part of it. Identity and passphrase files must be readable by their owner only (chmod 600).

            Exit status: 5 when no identity matches or the file fails authentication, 64 for a bad command line or key file text, 1 for I/O errors.

            EXAMPLES
              cardprep crypto decrypt -i key.txt -o cards.csv cards.csv.age
              cardprep crypto decrypt -i key.txt -i old-key.txt < in.age > out.tar.zst
            """
    )

    @Option(name: .customShort("i"), help: ArgumentHelp("Use the identities in this owner-only file: AGE-SECRET-KEY-1… lines, or an OpenSSH Ed25519 private key (repeatable).", valueName: "PATH"))
    var identityFile: [String] = []

    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp("Use the passphrase on the first line of this owner-only file.", valueName: "PATH"))
    var passphraseFile: String?

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the plaintext here instead of standard output.", valueName: "OUTPUT"))
    var output: String?

    @Argument(help: ArgumentHelp("The age file to decrypt (standard input when absent or \"-\").", valueName: "INPUT"))
    var input: String?

    func validate() throws {
        guard !identityFile.isEmpty || passphraseFile != nil else {
            throw ValidationError("give at least one -i PATH or --passphrase-file PATH")
        }
    }

    func run() throws {
        try CryptoCommandFailure.reporting {
            var identities: [any AgeIdentity] = []
            for path in identityFile { identities += try CryptoStreams.identities(inFile: path) }
            if let passphraseFile {
                identities.append(try AgeScryptIdentity(passphrase: try CryptoStreams.passphrase(inFile: passphraseFile)))
            }
            var plaintext = try AgeDecryptingSource(wrapping: try CryptoStreams.input(input), identities: identities)
            try CryptoStreams.copy(&plaintext, toOutput: output)
        }
    }
}
