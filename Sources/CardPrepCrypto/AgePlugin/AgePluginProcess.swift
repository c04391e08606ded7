import Foundation
import Glibc

/// One running `age-plugin-<name>` in one state machine: started with `--age-plugin=<machine>`, spoken to over its
/// standard input and output, its standard error collected on a thread of its own (so a chatty plugin cannot
/// block on a full pipe), and reaped by `finish()`, which every path through the client calls.
final class AgePluginProcess {
    let plugin: String
    private let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private let errorText = StandardErrorTail()
    /// Signalled when the plugin's standard error has reached its end.
    private let errorDrained = DispatchSemaphore(value: 0)
    private let errorReader: Thread
    private let options: AgePluginOptions
    let connection: AgePluginConnection
    /// Where in the conversation the client is, for a timeout's message.
    var waitingFor = "the plugin to start"
    /// Set by the first `finish`: the exit status, or nil when the plugin had to be killed.
    private var finished: Int32??

    /// Finds `age-plugin-<plugin>` in the search path and starts it.
    /// - Throws: `AgePluginError.notFound` or `.couldNotStart`.
    init(plugin: String, stateMachine: String, options: AgePluginOptions) throws(AgePluginError) {
        self.plugin = plugin
        self.options = options
        let name = "age-plugin-" + plugin
        guard
            let path = options.searchPath.lazy.map({ ($0 as NSString).appendingPathComponent(name) })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw .notFound(plugin: plugin, searched: options.searchPath) }
        _ = Self.ignoreBrokenPipes
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--age-plugin=" + stateMachine]
        if !options.environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(options.environment) { $1 }
        }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        connection = AgePluginConnection(
            reading: output.fileHandleForReading.fileDescriptor, writing: input.fileHandleForWriting.fileDescriptor,
            timeout: options.timeout)
        let handle = errors.fileHandleForReading
        let collected = errorText
        let drained = errorDrained
        errorReader = Thread {
            while true {
                let piece = handle.availableData
                if piece.isEmpty { break }
                collected.append(Array(piece))
            }
            drained.signal()
        }
        do { try process.run() } catch { throw .couldNotStart(plugin: plugin, reason: "\(error)") }
        errorReader.start()
    }

    /// A plugin that exits while the client writes to it must give EPIPE, not end the process with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Sends one command; a closed pipe becomes `exitedEarly` with the plugin's standard error.
    func send(_ command: String, _ arguments: [String] = [], body: [UInt8] = []) throws(AgePluginError) {
        do { try connection.send(command, arguments, body: body) } catch { throw attributed(error) }
    }

    /// Receives one command.
    func receive() throws(AgePluginError) -> AgeStanza {
        do { return try connection.receive() } catch { throw attributed(error) }
    }

    /// Runs the plugin's bi-directional phase: answers `msg`, `confirm`, `request-public` and `request-secret` from
    /// the prompts, `unsupported` to commands neither they nor `handle` know, until `done`.
    /// - Parameter handle: handles the state machine's own commands; returns false for a command it does not know.
    func servePluginPhase(_ handle: (AgeStanza) throws(AgePluginError) -> Bool) throws(AgePluginError) {
        let prompts = options.prompts
        while true {
            waitingFor = "the plugin's next command"
            let command = try receive()
            let text = String(decoding: command.body, as: UTF8.self)
            switch command.type {
            case "done":
                return
            case "msg":
                try send(prompts.message(plugin, text) ? "ok" : "fail")
            case "confirm":
                guard let yes = command.arguments.first.flatMap({ AgeBase64.decode($0.utf8) }) else {
                    throw .protocolViolation(plugin: plugin, reason: "confirm without a base64 yes string")
                }
                let no = command.arguments.dropFirst().first.flatMap { AgeBase64.decode($0.utf8) }
                let answer = prompts.confirm(
                    plugin, text, String(decoding: yes, as: UTF8.self), no.map { String(decoding: $0, as: UTF8.self) })
                switch answer {
                case true?: try send("ok", ["yes"])
                case false?: try send("ok", ["no"])
                case nil: try send("fail")
                }
            case "request-public":
                if let value = prompts.requestPublic(plugin, text) {
                    try send("ok", body: Array(value.utf8))
                } else {
                    try send("fail")
                }
            case "request-secret":
                if let value = prompts.requestSecret(plugin, text) { try send("ok", body: value) } else { try send("fail") }
            default:
                if try !handle(command) { try send("unsupported") }
            }
        }
    }

    /// Closes the plugin's input, waits a moment for it to exit, stops it if it does not, and reaps it.
    /// - Returns: the exit status, or nil when the plugin had to be killed.
    @discardableResult
    func finish(grace: Duration = .seconds(2)) -> Int32? {
        if let finished { return finished }
        try? input.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { usleep(5_000) }
        var killed = false
        if process.isRunning {
            killed = true
            process.terminate()
            let hard = ContinuousClock.now + .seconds(1)
            while process.isRunning, ContinuousClock.now < hard { usleep(5_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try? output.fileHandleForReading.close()
        // A plugin's child may still hold standard error open: wait for its end a moment only.
        _ = errorDrained.wait(timeout: .now() + .seconds(2))
        finished = .some(killed ? nil : process.terminationStatus)
        return killed ? nil : process.terminationStatus
    }

    /// The end of what the plugin wrote to standard error, one line.
    var standardError: String {
        let text = String(decoding: errorText.bytes, as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).suffix(5).joined(separator: " / ")
    }

    /// The connection's failure as this plugin's error; the plugin is reaped first so its exit status is known.
    private func attributed(_ error: AgePluginConnectionError) -> AgePluginError {
        switch error {
        case .closed:
            let status = finish(grace: .seconds(1))
            return .exitedEarly(plugin: plugin, status: status, standardError: standardError)
        case .timedOut:
            finish(grace: .zero)
            let seconds = Int(options.timeout.components.seconds)
            return .timedOut(plugin: plugin, seconds: seconds, waitingFor: waitingFor)
        case .malformed, .io:
            finish(grace: .zero)
            return .protocolViolation(plugin: plugin, reason: error.description)
        }
    }
}

/// The last 16 KiB a plugin wrote to standard error, appended by the reading thread.
private final class StandardErrorTail: @unchecked Sendable {
    private let lock = NSLock()
    private var tail: [UInt8] = []

    func append(_ piece: [UInt8]) {
        lock.withLock {
            tail += piece
            if tail.count > 16 * 1024 { tail.removeFirst(tail.count - 16 * 1024) }
        }
    }

    var bytes: [UInt8] { lock.withLock { tail } }
}
