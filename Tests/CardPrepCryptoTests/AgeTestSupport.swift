import CardPrepCore
import Crypto
import Foundation

/// Locations and small tools shared by the age tests.
enum AgeTestSupport {
    /// The package root, derived from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The age conformance vectors beside the package (`../shared/testdata/age`).
    static let vectorsFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/age")

    /// Whether an executable exists, so that interoperability tests can be skipped where it is missing.
    static func hasExecutable(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs `executable` with `arguments`, feeding `input`; returns status, standard output and standard error.
    static func run(_ executable: String, _ arguments: [String], input: [UInt8] = []) throws -> (
        status: Int32, output: [UInt8], error: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Feed input from another thread so that a full output pipe cannot deadlock the test.
        let writer = stdin.fileHandleForWriting
        let data = Data(input)
        let feeding = Thread {
            writer.write(data)
            try? writer.close()
        }
        feeding.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, [UInt8](output), String(decoding: error, as: UTF8.self))
    }

    /// Inflates zlib data with Python's zlib module (Foundation on Linux has no zlib API).
    static func inflateZlib(_ bytes: [UInt8]) throws -> [UInt8] {
        let script = "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read()))"
        let result = try run("/usr/bin/python3", ["-c", script], input: bytes)
        guard result.status == 0 else { throw TestFailure("python3 zlib inflate failed: \(result.error)") }
        return result.output
    }

    /// Hex SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

/// A failure of the test machinery itself.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
