import CardPrepAgePlugin
import CardPrepCrypto
import Foundation

/// A SoftHSM2 token of the test's own (its own `SOFTHSM2_CONF`, given to the child processes only), holding two
/// P-256 keys that may derive (`intake`, id 01, and `other`, id 02), a PIN file, a wrong PIN file, and a folder
/// with the built `age-plugin-cardprep` for the search path.
struct PluginTokenWorkspace {
    static let module = "/usr/lib/softhsm/libsofthsm2.so"
    let folder: String
    let pinFile: String
    let wrongPINFile: String
    let bin: String
    let environment: [String: String]

    init() throws {
        folder = NSTemporaryDirectory() + "cardprep-plugin-" + UUID().uuidString
        bin = folder + "/bin"
        try FileManager.default.createDirectory(atPath: folder + "/tokens", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let configuration = folder + "/softhsm2.conf"
        try "directories.tokendir = \(folder)/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
            .write(toFile: configuration, atomically: true, encoding: .utf8)
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        environment = ["SOFTHSM2_CONF": configuration, "PATH": path]
        try FileManager.default.createSymbolicLink(atPath: bin + "/age-plugin-cardprep", withDestinationPath: Self.builtPlugin)
        pinFile = folder + "/token.pin"
        wrongPINFile = folder + "/wrong.pin"
        try PrivateKeyFile.write("1234\n", to: pinFile)
        try PrivateKeyFile.write("9999\n", to: wrongPINFile)
        try check(run("/usr/bin/softhsm2-util", ["--init-token", "--free", "--label", "t", "--pin", "1234", "--so-pin", "5678"]))
        for (label, id) in [("intake", "01"), ("other", "02")] {
            try check(
                run(
                    "/usr/bin/pkcs11-tool",
                    [
                        "--module", Self.module, "--token-label", "t", "--login", "--pin", "1234", "--keypairgen",
                        "--key-type", "EC:prime256v1", "--usage-derive", "--label", label, "--id", id,
                    ]))
        }
    }

    /// The built plugin beside the test bundle.
    static var builtPlugin: String {
        var url = Bundle.main.bundleURL
        while url.path != "/" {
            let candidate = url.appendingPathComponent("age-plugin-cardprep")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            url = url.deletingLastPathComponent()
        }
        return "age-plugin-cardprep"
    }

    /// How CardPrep's client finds and runs the plugin here.
    var options: AgePluginOptions {
        var options = AgePluginOptions(searchPath: [bin], timeout: .seconds(30))
        options.environment = environment
        return options
    }

    /// The URI of a key in the token, with the module and a PIN file.
    func keyURI(object: String = "intake", pinFile: String? = nil) -> String {
        "pkcs11:token=t;object=\(object);type=private?module-path=\(Self.module)&pin-source=file:\(pinFile ?? self.pinFile)"
    }

    /// Writes an identity file for `uri` whose public key is that of the key at `madeWith` (the same key unless a
    /// test wants another), by the plugin's own `--identity-for`.
    func identityFile(uri: String? = nil, named name: String = "identity.txt", madeWith: String? = nil) throws -> String {
        let made = try plugin(["--identity-for", madeWith ?? uri ?? keyURI()]).output
        var text = made
        if let uri {
            let line = made.split(separator: "\n").first { $0.hasPrefix("AGE-PLUGIN-CARDPREP-1") }!
            let identity = try CardPrepIdentity(String(line))
            text = CardPrepIdentity(publicKey: identity.publicKey, location: try TokenKeyLocation(uri)).text + "\n"
        }
        let path = folder + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try PrivateKeyFile.write(text, to: path)
        return path
    }

    /// Runs the built plugin.
    func plugin(_ arguments: [String]) throws -> (output: String, error: String) {
        let result = try run(bin + "/age-plugin-cardprep", arguments)
        guard result.status == 0 else { throw Failure("age-plugin-cardprep \(arguments): \(result.error)") }
        return (String(decoding: result.bytes, as: UTF8.self), result.error)
    }

    /// Runs a program with the token's environment, feeding `input` from another thread.
    func run(_ program: String, _ arguments: [String], input: [UInt8] = []) throws -> (
        status: Int32, bytes: [UInt8], error: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = stdin.fileHandleForWriting
        let data = Data(input)
        Thread {
            writer.write(data)
            try? writer.close()
        }.start()
        let errors = ErrorCollector(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, [UInt8](output), errors.text())
    }

    private func check(_ result: (status: Int32, bytes: [UInt8], error: String)) throws {
        guard result.status == 0 else { throw Failure(result.error) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Reads a pipe to its end on a thread of its own, so a full standard error cannot block the child.
private final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
