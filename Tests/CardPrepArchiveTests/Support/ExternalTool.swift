import Foundation

/// Runs a command-line tool (bsdtar, tar, zstd, sha256sum) and collects what it printed.
struct ExternalTool {
    struct Output {
        let status: Int32
        let standardOutput: Data
        let standardError: String
        var text: String { String(decoding: standardOutput, as: UTF8.self) }
    }

    /// Runs `name` found on PATH with `arguments`, feeding `input` on standard input.
    static func run(_ name: String, _ arguments: [String], input: Data = Data()) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = ErrorCollector(stderr.fileHandleForReading)
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, standardOutput: outputData, standardError: errorData.finish())
    }

    /// Drains standard error on its own thread so a chatty tool cannot block on a full pipe.
    private final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread {
                self.data = handle.readDataToEndOfFile()
                self.done.signal()
            }.start()
        }

        func finish() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// A fresh folder under the system's temporary folder, removed when released.
final class ScratchFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "cardprep-archive-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Every path below the folder, relative to it, sorted.
    func contents() -> [String] {
        (FileManager.default.subpaths(atPath: path) ?? []).sorted()
    }
}

/// Paths of the committed fixtures.
enum Fixtures {
    static let archives = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/archives").path
}

/// Hex SHA-256 of `bytes`, computed by `sha256sum` so the test does not trust our own code.
func sha256Hex(_ bytes: [UInt8]) throws -> String {
    let output = try ExternalTool.run("sha256sum", [], input: Data(bytes))
    return String(output.text.prefix(64))
}
