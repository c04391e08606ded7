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

    /// The identities of an owner-only identity file.
    static func identities(inFile path: String) throws -> [any AgeIdentity] {
        let text = try PrivateKeyFile.read(path)
        do { return try AgeKeyText.identities(parsing: text) } catch let error as AgeError {
            throw CryptoCommandError.badKeyFile(path: path, error)
        }
    }

    /// The recipients of a recipients file (public keys: no permission check).
    static func recipients(inFile path: String) throws -> [any AgeRecipient] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CryptoCommandError.unreadableFile(path: path, reason: "missing or not readable")
        }
        do { return try AgeKeyText.recipients(parsing: String(decoding: data, as: UTF8.self)) } catch let error as AgeError {
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
