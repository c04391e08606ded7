import Foundation

/// Runs the executables that `swift build` put beside the test bundle, as a user would; or, made with `system(_:)`, a
/// tool of the system (sqlite3, ssh-keygen) through the same runner.
struct BuiltExecutable {
    let name: String
    /// The tool's path, for a system tool; nil for a built product.
    var toolPath: String? = nil

    /// A tool of the system at `path`.
    static func system(_ path: String) -> BuiltExecutable { BuiltExecutable(name: path, toolPath: path) }

    /// The folder holding the built products (`.build/debug` or `.build/release`).
    static var productsFolder: URL {
        var url = Bundle.main.bundleURL
        while url.path != "/" {
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("cardprep").path) { return url }
            url = url.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }

    /// The outcome of one run.
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Runs the executable with `arguments`, optionally feeding `input` on standard input.
    func run(_ arguments: [String], input: Data? = nil, in directory: URL? = nil, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = toolPath.map { URL(fileURLWithPath: $0) } ?? Self.productsFolder.appendingPathComponent(name)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(input) }
        try inp.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self)
        )
    }
}

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cardprep-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}
