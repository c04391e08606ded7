import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Glibc

/// `cardprep crypto encrypt`: encrypts a file to age recipients or a passphrase.
struct CryptoEncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt a file to one or more age recipients, or with a passphrase.",
        discussion: """
            Reads INPUT (standard input when absent or "-") and writes the age file to -o (standard output when absent). With -o, the file appears only once it is complete. The output can be decrypted with `age -d` or `cardprep crypto decrypt`.

            EXAMPLES
              cardprep crypto encrypt -r age1ql3z7hjy54pw3… -o cards.csv.age cards.csv
              cardprep crypto encrypt -R team.txt -a < cards.csv > cards.csv.age
              cardprep crypto encrypt -p pass.txt -o bundle.tar.zst.age bundle.tar.zst
            """
    )

    @Option(name: .customShort("r"), help: ArgumentHelp("Encrypt to this age1… recipient (repeatable).", valueName: "RECIPIENT"))
    var recipient: [String] = []

    @Option(name: .customShort("R"), help: ArgumentHelp("Encrypt to the recipients listed in this file: age1… lines, or ssh-ed25519 keys as in a .pub file (repeatable).", valueName: "PATH"))
    var recipientsFile: [String] = []

    @Flag(name: [.customShort("a"), .customLong("armor")], help: "Write ASCII armor (PEM) instead of binary.")
    var armor = false

    @Option(
        name: [.customShort("p"), .customLong("passphrase-file")],
        help: ArgumentHelp("Encrypt with the passphrase on the first line of this owner-only file.", valueName: "PATH"))
    var passphraseFile: String?

    @Option(name: .customLong("work-factor"), help: "scrypt work factor (log2 N) for -p.")
    var workFactor = 18

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the age file here instead of standard output.", valueName: "OUTPUT"))
    var output: String?

    @Argument(help: ArgumentHelp("The file to encrypt (standard input when absent or \"-\").", valueName: "INPUT"))
    var input: String?

    func validate() throws {
        let hasRecipients = !recipient.isEmpty || !recipientsFile.isEmpty
        guard hasRecipients || passphraseFile != nil else {
            throw ValidationError("give at least one -r RECIPIENT or -R PATH, or -p PATH")
        }
        guard !(hasRecipients && passphraseFile != nil) else {
            throw ValidationError("-p cannot be combined with -r or -R: a passphrase must be the only recipient")
        }
        guard AgeScryptRecipient.workFactorRange.contains(workFactor) else {
            throw ValidationError("--work-factor must be within \(AgeScryptRecipient.workFactorRange)")
        }
    }

    func run() throws {
        try CryptoCommandFailure.reporting {
            let recipients = try resolveRecipients()
            if !armor, output == nil || output == "-", isatty(STDOUT_FILENO) == 1 {
                throw CryptoCommandError.binaryToTerminal
            }
            var source = try CryptoStreams.input(input)
            guard let output, output != "-" else {
                var sink = FileByteSink(standardOutput: ())
                return try Age.encrypt(&source, to: &sink, recipients: recipients, armored: armor)
            }
            var writer = try AtomicFileWriter(path: output, mode: 0o600)
            try Age.encrypt(&source, to: &writer, recipients: recipients, armored: armor)
            try writer.commit()
        }
    }

    private func resolveRecipients() throws -> [any AgeRecipient] {
        if let passphraseFile {
            return [try AgeScryptRecipient(passphrase: try CryptoStreams.passphrase(inFile: passphraseFile), workFactor: workFactor)]
        }
        var recipients: [any AgeRecipient] = try recipient.map { text in
            do {
                if let key = try? AgePluginKey(text), key.role == .recipient { return try AgePluginRecipient(text) }
                return try AgeX25519Recipient(bech32: text)
            } catch let error as AgeError {
                throw CryptoCommandError.badRecipientArgument(text, error)
            }
        }
        for path in recipientsFile { recipients += try CryptoStreams.recipients(inFile: path) }
        return recipients
    }
}
