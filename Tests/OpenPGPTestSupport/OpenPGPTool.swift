import Foundation

/// Runs an OpenPGP command-line tool (`gpg`, `sqop`) with bytes on standard input, reading standard output and
/// standard error on threads of their own so that neither pipe can fill up and block the tool.
public enum OpenPGPTool {
    /// What one run gave.
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: [UInt8]
        public let errors: String
    }

    /// Why a tool run is not usable.
    public struct Failure: Error, CustomStringConvertible {
        public let command: [String]
        public let outcome: Outcome
        public var description: String { "\(command.joined(separator: " ")) exited \(outcome.status): \(outcome.errors)" }
    }

    /// Whether `name` is installed in /usr/bin.
    public static func isInstalled(_ name: String) -> Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/" + name) }

    /// Runs `/usr/bin/<name>` with `arguments` and `input` on standard input, with `environment` added.
    public static func run(_ name: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:],
                           in folder: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = Drain(stdout.fileHandleForReading), errors = Drain(stderr.fileHandleForReading)
        let writer = Thread {
            // A tool that exits without reading its input closes the pipe: the write fails, which is fine.
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let outputBytes = output.finish(), errorBytes = errors.finish()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: Array(outputBytes), errors: String(decoding: errorBytes, as: UTF8.self))
    }

    /// Runs like `run` and returns standard output, or throws `Failure` when the tool exits non-zero.
    public static func output(_ name: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:],
                              in folder: String? = nil) throws -> [UInt8] {
        let outcome = try run(name, arguments, input: input, environment: environment, in: folder)
        guard outcome.status == 0 else { throw Failure(command: [name] + arguments, outcome: outcome) }
        return outcome.output
    }

    /// Reads a pipe to its end on a thread of its own.
    private final class Drain: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread {
                self.data = handle.readDataToEndOfFile()
                self.done.signal()
            }.start()
        }

        func finish() -> Data {
            done.wait()
            return data
        }
    }
}
