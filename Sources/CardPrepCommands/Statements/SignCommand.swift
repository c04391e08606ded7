import ArgumentParser
import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// `cardprep sign --key KEYFILE STATEMENT`: sign a statement with an Ed25519 key file, as
/// `ssh-keygen -Y sign -n cardprep-statement -f KEYFILE` would.
public struct SignCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a CardPrep statement with your Ed25519 key file (the same signature ssh-keygen -Y sign makes).",
        discussion: """
            Shows the statement, then writes its SSH signature (namespace cardprep-statement) to --out, or to \
            STATEMENT.sig. Only CardPrep statements are signed, and a signature file is never overwritten. The key is \
            an unencrypted OpenSSH Ed25519 private key readable by its owner only; for ECDSA keys, keys in ssh-agent and \
            FIDO security keys use ssh-keygen -Y sign -n cardprep-statement -f KEY < STATEMENT > SIGNATURE.

            Example: cardprep sign --key ~/.ssh/id_ed25519 --out statement.alice.sig statement.txt

            \(ExitCodeTable.helpText)
            """
    )

    @Option(help: "Your Ed25519 private key file (OpenSSH format, mode 0600).") var key: String
    @Option(help: "Where to write the signature (default: STATEMENT.sig).") var out: String?
    @Argument(help: "The statement file CardPrep printed.") var statement: String

    public init() {}

    public func run() throws {
        guard let data = FileManager.default.contents(atPath: statement), let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure.report("cannot read the statement \(statement)", code: .usage)
        }
        do { _ = try Statement(parsing: text) } catch {
            throw CommandFailure.report("\(statement): \(error); only CardPrep statements are signed", code: .usage)
        }
        let signingKey: SSHEd25519SigningKey
        do {
            signingKey = try SSHEd25519SigningKey(openSSHPrivateKey: try PrivateKeyFile.read(key))
        } catch SSHKeyError.unsupportedKeyType(let type) {
            throw CommandFailure.report(
                "key \(key) is \(type); cardprep sign takes Ed25519 key files: sign with "
                    + "ssh-keygen -Y sign -n \(Statement.signatureNamespace) -f \(key) < \(statement) > SIGNATURE", code: .usage)
        } catch {
            throw CommandFailure.report("key \(key): \(error)", code: .failure)
        }
        let target = out ?? statement + ".sig"
        do {
            let signature = try SSHSignature.sign(Array(text.utf8), namespace: Statement.signatureNamespace, with: signingKey)
            try AtomicFileWriter.write(Array(signature.utf8), to: target, mode: 0o644, overwrite: false)
        } catch {
            throw CommandFailure.report("cannot write the signature \(target): \(error)", code: .failure)
        }
        print(text, terminator: "")
        print("signed with \(signingKey.publicKey.fingerprint): \(target)")
    }
}
