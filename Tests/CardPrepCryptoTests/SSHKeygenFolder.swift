import Foundation

/// A private temporary folder in which the tests run OpenSSH's `ssh-keygen`; removed when released.
final class SSHKeygenFolder {
    /// Where Debian's openssh-client installs ssh-keygen.
    static let executable = "/usr/bin/ssh-keygen"

    /// Whether ssh-keygen is installed; the interoperability tests need it.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// What one run of ssh-keygen gave.
    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    /// The folder's path.
    let path: String

    /// Creates a new folder readable by its owner only.
    init() throws {
        path = NSTemporaryDirectory() + "cardprep-ssh-" + UUID().uuidString
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the folder.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to `name` with the given permissions and returns its path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String, mode: Int = 0o600) throws -> String {
        let target = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: target)
        return target
    }

    /// Writes `text` as UTF-8 to `name` with the given permissions and returns its path.
    @discardableResult
    func write(_ text: String, to name: String, mode: Int = 0o600) throws -> String {
        try write(Array(text.utf8), to: name, mode: mode)
    }

    /// Reads `name` as text.
    func read(_ name: String) throws -> String { try String(contentsOfFile: file(name), encoding: .utf8) }

    /// Runs ssh-keygen in the folder with `arguments`, feeding `input` on standard input.
    func run(_ arguments: [String], input: [UInt8] = []) throws -> Outcome {
        let id = UUID().uuidString
        let inputPath = try write(input, to: ".in-\(id)")
        let outputPath = file(".out-\(id)")
        let errorsPath = file(".err-\(id)")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorsPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsPath))
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            output: try String(contentsOfFile: outputPath, encoding: .utf8),
            errors: try String(contentsOfFile: errorsPath, encoding: .utf8))
    }

    /// Generates an Ed25519 key with ssh-keygen (no passphrase) at `name` and `name.pub`.
    func generateKey(_ name: String, comment: String) throws -> Outcome {
        try run(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", name])
    }

    /// Signs `message` with ssh-keygen's key at `keyName` and returns the armored signature.
    func sign(_ message: [UInt8], keyName: String, namespace: String, options: [String] = []) throws -> String {
        try write(message, to: "message")
        try? FileManager.default.removeItem(atPath: file("message.sig"))
        let outcome = try run(["-Y", "sign", "-f", keyName, "-n", namespace] + options + ["message"])
        guard outcome.status == 0 else { throw SSHKeygenFailure(outcome: outcome) }
        return try read("message.sig")
    }
}

/// ssh-keygen exited with a failure status where the test needed it to succeed.
struct SSHKeygenFailure: Error, CustomStringConvertible {
    let outcome: SSHKeygenFolder.Outcome
    var description: String { "ssh-keygen failed (\(outcome.status)): \(outcome.errors)" }
}
