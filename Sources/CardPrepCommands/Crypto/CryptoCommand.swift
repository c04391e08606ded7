import ArgumentParser

/// `cardprep crypto`: age v1 encryption and decryption, compatible with the `age` tool.
public struct CryptoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "crypto",
        abstract: "Encrypt and decrypt files in the age v1 format (compatible with the age tool).",
        discussion: """
            Files are streamed in 64 KiB chunks, so memory use stays small whatever the file size. Output given with -o appears only once it is complete and, when decrypting, authenticated.

            EXAMPLES
              cardprep crypto encrypt -r age1… -o cards.csv.age cards.csv
              cardprep crypto decrypt -i key.txt -o cards.csv cards.csv.age
            """,
        subcommands: [CryptoEncryptCommand.self, CryptoDecryptCommand.self]
    )

    public init() {}
}
