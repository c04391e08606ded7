import ArgumentParser
import CardPrepCrypto
import CardPrepPKCS11

/// `cardprep keys token-generate`: a signing key pair made inside the token.
struct KeysTokenGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-generate",
        abstract: "Generate a signing key pair inside a PKCS#11 token and print its public key.",
        discussion: """
            The private key is created in the token as sensitive and never extractable; it signs bundles, reports, \
            delivery lists and audit checkpoints once the pipeline's keys.signing names the same URI. Prints the \
            OpenSSH public key and an allowed_signers line for ssh-keygen -Y verify. Ed25519 is the pipeline's \
            key type; ecdsa-p256 keys sign SSHSIG too (ecdsa-sha2-nistp256) but CardPrep verifies its own bundles \
            and checkpoints as Ed25519 only.

            Example: cardprep keys token-generate --pipeline /etc/cardprep/pipeline.yml \\
                       --uri 'pkcs11:token=cardprep;object=bureau-signing' --type ed25519
            """
    )

    @OptionGroup var token: TokenOptions

    @Option(help: "The key type: ed25519 or ecdsa-p256.")
    var type: String = PKCS11KeyKind.ed25519.rawValue

    @Option(help: "The signer name for the allowed_signers line and the key comment.")
    var principal = "cardprep@bureau"

    func validate() throws {
        guard PKCS11KeyKind(rawValue: type) != nil else { throw ValidationError("--type is ed25519 or ecdsa-p256") }
    }

    func run() throws {
        let uri = try token.keyURI()
        let settings = try token.settings()
        let key = try failing { try TokenSigningKey.generating(uri, kind: PKCS11KeyKind(rawValue: type)!, settings: settings) }
        print(TokenKeyLines(key: key, principal: principal).text)
    }
}

/// `cardprep keys token-public-key`: the public key of a signing key in the token.
struct KeysTokenPublicKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-public-key",
        abstract: "Print the OpenSSH public key and allowed_signers line of a signing key in a PKCS#11 token.",
        discussion: """
            Example: cardprep keys token-public-key --module /usr/lib/softhsm/libsofthsm2.so \\
                       --pin-file /etc/cardprep/token.pin --uri 'pkcs11:token=cardprep;object=bureau-signing'
            """
    )

    @OptionGroup var token: TokenOptions

    @Option(help: "The signer name for the allowed_signers line and the key comment.")
    var principal = "cardprep@bureau"

    func run() throws {
        let uri = try token.keyURI()
        let settings = try token.settings()
        let key = try failing { try TokenSigningKey(uri, settings: settings) }
        print(TokenKeyLines(key: key, principal: principal).text)
    }
}

/// `cardprep keys token-fingerprint-key`: the card fingerprint key put into the token.
struct KeysTokenFingerprintKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token-fingerprint-key",
        abstract: "Put the card fingerprint key into a PKCS#11 token: moved from its file, or generated there.",
        discussion: """
            With --from, the key of a fingerprint.key file is created in the token as a sensitive, non-extractable \
            generic secret, so fingerprints of new cards match those of earlier drops; keep the file offline as the \
            backup, or destroy it. Without --from, a new key is generated inside the token: it then has no copy \
            anywhere else, and a new key means cards of earlier drops are no longer recognised as repeats.

            Example: cardprep keys token-fingerprint-key --pipeline /etc/cardprep/pipeline.yml \\
                       --uri 'pkcs11:token=cardprep;object=fingerprint' --from /etc/cardprep/keys/fingerprint.key
            """
    )

    @OptionGroup var token: TokenOptions

    @Option(help: "A fingerprint.key file whose key is moved into the token.")
    var from: String?

    func run() throws {
        let uri = try token.keyURI()
        let settings = try token.settings()
        if let from {
            _ = try failing { try TokenFingerprintKey.importing(file: from, as: uri, settings: settings) }
            print("fingerprint key from \(from) is in the token as \(uri); it cannot be read back out")
        } else {
            _ = try failing { try TokenFingerprintKey.generating(uri, settings: settings) }
            print("new fingerprint key generated in the token as \(uri); it has no copy outside the token")
        }
    }
}

/// The lines printed for a token signing key.
struct TokenKeyLines {
    let key: TokenSigningKey
    let principal: String

    var text: String {
        let namespaces = BureauKeySet.signingNamespaces.joined(separator: ",")
        return """
            public key: \(key.sshPublicKey.authorizedKeyLine(comment: principal))
            fingerprint: \(key.sshPublicKey.fingerprint)
            allowed_signers: \(principal) namespaces="\(namespaces)" \(key.sshPublicKey.authorizedKeyLine(comment: nil))
            """
    }
}
