import Foundation
import Glibc

/// One `cardprep` process started in the background, as a worker on a host: the test can poll it, kill it with
/// SIGKILL and wait for it. Started with `posix_spawn` and reaped with `waitpid`, so its end is seen whatever else
/// the test process has started (Foundation's `Process` did not always see it once a PostgreSQL server ran); what it
/// prints goes to a file, so a full pipe never blocks it.
final class WorkerProcess {
    /// The name the worker runs under (`CARDPREP_HOST`), or nil for the machine's own.
    let host: String?
    let pid: pid_t
    /// Where its standard output and standard error go.
    let log: String
    /// Its exit code once it has ended (128 + the signal for a killed process).
    private(set) var status: Int32?
    /// Whether it ended by a signal.
    private(set) var killedBySignal = false

    /// Starts the built `cardprep` with `arguments`, and `CARDPREP_HOST=host` when `host` is given.
    init(_ arguments: [String], host: String?, environment: [String: String] = [:], log: String) throws {
        self.host = host
        self.log = log
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let host { variables["CARDPREP_HOST"] = host } else { variables["CARDPREP_HOST"] = nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let executable = BuiltExecutable.productsFolder.appendingPathComponent("cardprep").path
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard code == 0 else { throw WorkerProcessError.cannotStart(executable, String(cString: strerror(code))) }
        self.pid = pid
    }

    /// Whether it is still running (reaps it when it has ended).
    var isRunning: Bool {
        guard status == nil else { return false }
        return !reap(options: WNOHANG)
    }

    /// Kills it with SIGKILL, if it still runs, and waits for its end. Returns whether it was running.
    @discardableResult func killNow() -> Bool {
        guard isRunning else { return false }
        kill(pid, SIGKILL)
        _ = wait()
        return true
    }

    /// Waits for its end and returns its exit code.
    @discardableResult func wait() -> Int32 {
        if status == nil { _ = reap(options: 0) }
        return status!
    }

    /// What it printed.
    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Collects its status when it has ended; returns whether it has.
    private func reap(options: Int32) -> Bool {
        var raw: Int32 = 0
        while true {
            let result = waitpid(pid, &raw, options)
            if result == pid { break }
            if result == 0 { return false }
            if errno != EINTR { status = -1; return true }
        }
        killedBySignal = (raw & 0x7f) != 0
        status = killedBySignal ? 128 + (raw & 0x7f) : (raw >> 8) & 0xff
        return true
    }

    deinit { if status == nil { kill(pid, SIGKILL); _ = reap(options: 0) } }
}

/// A worker could not be started.
enum WorkerProcessError: Error, CustomStringConvertible {
    case cannotStart(String, String)

    var description: String {
        switch self {
        case let .cannotStart(path, reason): "cannot start \(path): \(reason)"
        }
    }
}
