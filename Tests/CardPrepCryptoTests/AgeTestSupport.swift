import CardPrepCore
import CardPrepCrypto
import CardPrepIO
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

extension AgeTestSupport {
    /// Encrypts `plaintext` with CardPrep's age implementation, writing in uneven pieces to exercise buffering.
    static func encrypt(_ plaintext: [UInt8], to recipients: [any AgeRecipient], armored: Bool = false) throws -> [UInt8] {
        let sink = try AgeEncryptingSink(wrapping: MemoryByteSink(), recipients: recipients, armored: armored)
        var offset = 0
        while offset < plaintext.count {
            let end = min(plaintext.count, offset + 40_000)
            try sink.write(Array(plaintext[offset..<end]))
            offset = end
        }
        return try sink.finish().bytes
    }

    /// Decrypts `file` with CardPrep's age implementation.
    static func decrypt(_ file: [UInt8], with identities: [any AgeIdentity]) throws -> [UInt8] {
        var source = MemoryByteSource(file)
        var sink = MemoryByteSink()
        try Age.decrypt(&source, to: &sink, identities: identities)
        return sink.bytes
    }

    /// Pseudo-random bytes (not secret; test plaintext only).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A fresh folder under the system's temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cardprep-age-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to a new owner-only file in `folder`.
    static func writeKeyFile(_ text: String, named name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try PrivateKeyFile.write(text, to: path)
        return path
    }
}
