import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation

/// Opening inputs, outputs and key files for the crypto commands, the way `age` does.
enum CryptoStreams {
    /// The input file, or standard input for nil or "-".
    static func input(_ path: String?) throws -> FileByteSource {
        guard let path, path != "-" else { return FileByteSource(standardInput: ()) }
        return try FileByteSource(path: path)
    }

    /// Copies `source` to the output file atomically (nothing is left under `path` or a temporary name on failure),
    /// or to standard output for nil or "-".
    static func copy(_ source: inout some ByteSource, toOutput path: String?) throws {
        guard let path, path != "-" else {
            var sink = FileByteSink(standardOutput: ())
            return try pump(&source, into: &sink)
        }
        var writer = try AtomicFileWriter(path: path, mode: 0o600)
        try pump(&source, into: &writer)
        try writer.commit()
    }

    private static func pump(_ source: inout some ByteSource, into sink: inout some ByteSink) throws {
        while true {
            let piece = try source.read(upTo: 64 * 1024)
            if piece.isEmpty { return }
            try sink.write(piece)
        }
    }

    /// The identities of an owner-only identity file: `AGE-SECRET-KEY-1…` lines, or an OpenSSH Ed25519 private key
    /// (as `age -i ~/.ssh/id_ed25519` reads it).
    static func identities(inFile path: String) throws -> [any AgeIdentity] {
        let text = try PrivateKeyFile.read(path)
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            do { return [try AgeSSHEd25519Identity(openSSHPrivateKey: text)] } catch {
                throw CryptoCommandError.badKeyFile(path: path, .badKey(reason: "\(error)"))
            }
        }
        do { return try AgeKeyText.identities(parsing: text) } catch let error as AgeError {
            throw CryptoCommandError.badKeyFile(path: path, error)
        }
    }

    /// The recipients of a recipients file (public keys: no permission check).
    static func recipients(inFile path: String) throws -> [any AgeRecipient] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CryptoCommandError.unreadableFile(path: path, reason: "missing or not readable")
        }
        // ssh-ed25519 lines (an OpenSSH .pub file, as `age -R` reads it) are taken here and blanked for the age1…
        // parser, so that its line numbers stay right.
        var sshRecipients: [any AgeRecipient] = []
        var rest: [String] = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasPrefix(SSHEd25519PublicKey.keyType + " ") else {
                rest.append(String(line))
                continue
            }
            do {
                sshRecipients.append(try AgeSSHEd25519Recipient(publicKey: try SSHEd25519PublicKey(authorizedKeyLine: String(line))))
            } catch {
                throw CryptoCommandError.badKeyFile(path: path, .badKeyText(line: index + 1, reason: "\(error)"))
            }
            rest.append("")
        }
        let others = rest.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
        guard others || sshRecipients.isEmpty else { return sshRecipients }
        do { return try sshRecipients + AgeKeyText.recipients(parsing: rest.joined(separator: "\n")) } catch let error as AgeError {
            throw CryptoCommandError.badKeyFile(path: path, error)
        }
    }

    /// The passphrase held by the first line of an owner-only file.
    static func passphrase(inFile path: String) throws -> String {
        let text = try PrivateKeyFile.read(path)
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let passphrase = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        guard !passphrase.isEmpty else {
            throw CryptoCommandError.badKeyFile(path: path, .badPassphrase(reason: "the first line is empty"))
        }
        return passphrase
    }
}
