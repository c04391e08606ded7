import Foundation

/// Runs `cardprep` under `strace`, to count the system calls a run makes or to kill it at one of them
/// (`-e inject=SYSCALL:signal=KILL:when=N`: SIGKILL on entering the Nth call of SYSCALL, before the call runs).
/// strace counts injections per system call and per thread, so one run injects into one system call name.
struct TracedRun {
    /// The `strace` executable, looked up in `PATH`; nil when it is not installed.
    static let strace: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { $0 + "/strace" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// How a traced run ended.
    struct Outcome {
        /// The exit status, or the signal number when `killed`.
        let status: Int32
        /// Whether the process (strace, which re-raises its tracee's fatal signal) ended by a signal.
        let killed: Bool
        let standardError: String
    }

    let strace: String
    /// The `cardprep` arguments.
    let arguments: [String]

    /// Runs `cardprep` tracing `syscalls` into `log`, and returns how often the main thread (the first one)
    /// entered each of them, and how many calls other threads made (which a per-thread count would not reach).
    func count(_ syscalls: [String], log: String) throws -> (calls: [String: Int], otherThreads: Int) {
        let outcome = try run(["-f", "-o", log, "-e", "trace=" + syscalls.joined(separator: ",")])
        guard !outcome.killed else { throw TracedRunError.killed(outcome.standardError) }
        var calls: [String: Int] = [:]
        var otherThreads = 0
        var mainThread: Substring?
        for line in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
            // `<thread id> <padding> <name>(<arguments>) = <result>`; `<... name resumed>` lines are not new calls.
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2 else { continue }
            let call = fields[1].drop { $0 == " " }
            guard let open = call.firstIndex(of: "(") else { continue }
            let name = String(call[..<open])
            guard syscalls.contains(name) else { continue }
            mainThread = mainThread ?? fields[0]
            if fields[0] == mainThread { calls[name, default: 0] += 1 } else { otherThreads += 1 }
        }
        return (calls, otherThreads)
    }

    /// Runs `cardprep` and kills it on entering the `n`th call of `syscall`.
    func kill(at syscall: String, call n: Int) throws -> Outcome {
        try run(["-f", "-o", "/dev/null", "-e", "trace=" + syscall, "-e", "inject=\(syscall):signal=KILL:when=\(n)"])
    }

    private func run(_ options: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: strace)
        process.arguments = options + [BuiltExecutable.productsFolder.appendingPathComponent("cardprep").path] + arguments
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
            standardError: String(decoding: errData, as: UTF8.self))
    }
}

/// Why a traced run could not be used.
enum TracedRunError: Error, CustomStringConvertible {
    case killed(String)

    var description: String {
        switch self {
        case let .killed(message): "the traced run was killed before it ended: \(message)"
        }
    }
}
