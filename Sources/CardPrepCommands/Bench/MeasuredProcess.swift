import CardPrepStages
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one command as a child process and measures it: wall time from spawn to exit, and the peak resident
/// set size and CPU time the kernel reports for it (and the children it waited for) through `wait4`.
struct MeasuredProcess {
    /// What a finished child cost.
    struct Measurement {
        var seconds: Double
        /// User and system CPU time of the child (and the children it waited for).
        var cpuSeconds: Double
        var peakRSSBytes: Int
    }

    /// The program and its arguments (`arguments[0]` is the program's path).
    let arguments: [String]
    /// Where the child's standard output goes.
    let standardOutput: String
    /// Where the child's standard error goes (appended).
    let standardError: String

    /// Starts the child, waits for it and measures it.
    /// - Throws: `BenchError.spawnFailed` when it cannot start; `BenchError.commandFailed` when it exits non-zero
    ///   or is killed.
    func run() throws(BenchError) -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = arguments.map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer { for pointer in argv + environment { free(pointer) } }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let code = posix_spawn(&pid, arguments[0], &actions, nil, argv, environment)
        guard code == 0 else { throw .spawnFailed(command: arguments.joined(separator: " "), errno: code) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw .spawnFailed(command: arguments.joined(separator: " "), errno: errno) }
        }
        let ended = DispatchTime.now().uptimeNanoseconds
        // WIFEXITED and WEXITSTATUS, which Swift does not import as functions.
        let exited = status & 0x7F == 0
        let exitStatus = (status >> 8) & 0xFF
        guard exited && exitStatus == 0 else {
            throw .commandFailed(command: arguments.joined(separator: " "), status: exited ? exitStatus : -(status & 0x7F), log: standardError)
        }
        // Linux reports ru_maxrss in kilobytes.
        let cpu = [usage.ru_utime, usage.ru_stime].reduce(0.0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
        return Measurement(seconds: Double(ended - started) / 1e9, cpuSeconds: cpu, peakRSSBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// A shell pipeline (`/bin/sh -c`), for the floor commands that stream through pipes.
    static func shell(_ script: String, standardOutput: String = "/dev/null", standardError: String) -> MeasuredProcess {
        MeasuredProcess(arguments: ["/bin/sh", "-c", script], standardOutput: standardOutput, standardError: standardError)
    }
}

/// Quotes `text` for `/bin/sh`.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
