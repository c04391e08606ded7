import Foundation

/// A temporary GNUPGHOME (mode 0700) in which the tests run the real `gpg`: one party (the bureau, a bank, a
/// stranger) with its keys. The gpg-agent gpg starts there is stopped, and the folder removed, when it is released.
public final class GnuPGHome {
    public let path: String

    /// Creates an empty home.
    public init() throws {
        // Short: gpg-agent's socket path must fit in a sockaddr_un.
        path = "/tmp/cpg-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
    }

    deinit {
        _ = try? OpenPGPTool.run("gpgconf", ["--kill", "gpg-agent"], environment: ["GNUPGHOME": path])
        // The agent removes its sockets as it exits, which can race with the removal: try again for a while.
        for _ in 0..<40 where FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
            if FileManager.default.fileExists(atPath: path) { usleep(50_000) }
        }
    }

    /// Runs gpg in batch mode in this home.
    @discardableResult
    public func gpg(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        try OpenPGPTool.output("gpg", ["--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback"] + arguments,
                               input: input, environment: ["GNUPGHOME": path])
    }

    /// Generates an Ed25519 signing key with a Curve25519 encryption subkey for `userID` (`future-default`), with
    /// `passphrase` ('' for none).
    public func generateKey(_ userID: String, passphrase: String = "") throws {
        try gpg(["--passphrase", passphrase, "--quick-gen-key", userID, "future-default", "default", "never"])
    }

    /// The public key of `userID`, armored or binary (`gpg --export`).
    public func exportPublicKey(_ userID: String, armored: Bool = true) throws -> [UInt8] {
        try gpg((armored ? ["--armor"] : []) + ["--export", userID])
    }

    /// The secret key of `userID` (`gpg --export-secret-keys`), armored or binary.
    public func exportSecretKey(_ userID: String, passphrase: String = "", armored: Bool = true) throws -> [UInt8] {
        try gpg(["--passphrase", passphrase] + (armored ? ["--armor"] : []) + ["--export-secret-keys", userID])
    }

    /// Imports keys (another party's public key).
    public func importKeys(_ bytes: [UInt8]) throws { try gpg(["--import"], input: bytes) }

    /// Encrypts `plaintext` (given on standard input, never written to disk) to `recipient`.
    public func encrypt(_ plaintext: [UInt8], to recipient: String, armored: Bool = false, options: [String] = []) throws -> [UInt8] {
        try gpg(["--trust-model", "always"] + (armored ? ["--armor"] : []) + options + ["--encrypt", "-r", recipient], input: plaintext)
    }

    /// A detached signature over `data` by `signer` (`gpg --detach-sign`), binary or armored.
    public func detachSign(_ data: [UInt8], as signer: String, armored: Bool = false) throws -> [UInt8] {
        try gpg(["--local-user", signer, "--passphrase", ""] + (armored ? ["--armor"] : []) + ["--detach-sign"], input: data)
    }
}

extension GnuPGHome {
    /// The primary key's fingerprint of `userID`, as gpg lists it.
    public func fingerprint(of userID: String) throws -> String {
        let listing = String(decoding: try gpg(["--with-colons", "--list-keys", userID]), as: UTF8.self)
        let line = listing.split(separator: "\n").first { $0.hasPrefix("fpr:") }
        return line.map { String($0.split(separator: ":", omittingEmptySubsequences: false)[9]) } ?? ""
    }
}

/// Sequoia's stateless OpenPGP CLI (`sqop`), for keys and messages made by another implementation than gpg.
public enum Sqop {
    /// A new secret key for `userID` (`sqop generate-key`), armored.
    public static func generateKey(_ userID: String) throws -> [UInt8] { try OpenPGPTool.output("sqop", ["generate-key", userID]) }

    /// The certificate (public key) of a secret key (`sqop extract-cert`).
    public static func extractCert(_ key: [UInt8]) throws -> [UInt8] { try OpenPGPTool.output("sqop", ["extract-cert"], input: key) }

    /// Encrypts `plaintext` (on standard input) to the certificate in the file `certFile`.
    public static func encrypt(_ plaintext: [UInt8], certFile: String, armored: Bool = false) throws -> [UInt8] {
        try OpenPGPTool.output("sqop", ["encrypt"] + (armored ? [] : ["--no-armor"]) + [certFile], input: plaintext)
    }

    /// A detached signature over `data` by the secret key in the file `keyFile`.
    public static func sign(_ data: [UInt8], keyFile: String, armored: Bool = true) throws -> [UInt8] {
        try OpenPGPTool.output("sqop", ["sign"] + (armored ? [] : ["--no-armor"]) + [keyFile], input: data)
    }
}
