import Foundation

/// The PostgreSQL server the tests of this process use: `CARDPREP_TEST_POSTGRES_URL` when it is set (CI starts one
/// server for the whole run), otherwise a server of this process's own, started on first use by
/// `Pipelines/postgres-server.sh` in a temporary folder on a loopback port and stopped when the process exits.
/// Each test takes a database of its own (`newDatabase()`), so tests never see each other's tables.
public enum PostgresTestServer {
    /// The variable that names a running server's URL (its maintenance database, a role that may create databases).
    public static let urlVariable = "CARDPREP_TEST_POSTGRES_URL"

    /// The repository's root, found from this file's path.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The server's URL, set up once per process.
    public static let url: Result<String, SetupFailure> = {
        if let url = ProcessInfo.processInfo.environment[urlVariable], !url.isEmpty { return .success(url) }
        var failures: [String] = []
        for _ in 0..<5 {
            let folder = NSTemporaryDirectory() + "cardprep-postgres-" + UUID().uuidString.prefix(8)
            let port = Int.random(in: 20_000..<60_000)
            let result = run(["bash", repositoryRoot + "/Pipelines/postgres-server.sh", "start", folder, "\(port)"])
            if result.status == 0 {
                startedFolder = folder
                atexit { PostgresTestServer.stopStartedServer() }
                return .success(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            failures.append("port \(port): \(result.errors.suffix(400))")
            _ = run(["bash", repositoryRoot + "/Pipelines/postgres-server.sh", "stop", folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
        return .failure(
            SetupFailure(
                reason: failures.joined(separator: "; ")
                    + " (is postgresql installed? Pipelines/install-dependencies.sh installs it)"))
    }()

    nonisolated(unsafe) private static var startedFolder: String?

    private static func stopStartedServer() {
        guard let folder = startedFolder else { return }
        _ = run(["bash", repositoryRoot + "/Pipelines/postgres-server.sh", "stop", folder])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A new, empty database on the test server, and its URL (the same role and password).
    public static func newDatabase() throws -> String {
        let server = try url.get()
        let name = "cardprep_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try psql(server, "CREATE DATABASE \(name)")
        return try self.url(server, database: name)
    }

    /// `url` with its database replaced by `database`.
    public static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw SetupFailure(reason: "not a URL: \(url)") }
        components.path = "/" + database
        return components.string!
    }

    /// Runs one statement with `psql` on the database `url` names.
    public static func psql(_ url: String, _ sql: String) throws {
        let result = run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql])
        guard result.status == 0 else { throw SetupFailure(reason: "psql \(sql): \(result.errors)") }
    }

    /// Runs one query with `psql` and returns its output, one row a line.
    public static func psqlOutput(_ url: String, _ sql: String) throws -> String {
        let result = run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql])
        guard result.status == 0 else { throw SetupFailure(reason: "psql \(sql): \(result.errors)") }
        return result.output
    }

    /// Runs a program found on PATH and collects what it printed (through files: a full pipe cannot block it).
    ///
    /// `posix_spawnp` and `waitpid` rather than Foundation's `Process`, whose wait did not always see a child exit
    /// here once the server the child started was running.
    static func run(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
        let stem = NSTemporaryDirectory() + "cardprep-run-" + UUID().uuidString
        defer {
            try? FileManager.default.removeItem(atPath: stem + ".out")
            try? FileManager.default.removeItem(atPath: stem + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stem + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stem + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        guard code == 0 else { return (-1, "", "cannot start \(arguments[0]): \(String(cString: strerror(code)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return (-1, "", "waitpid: \(String(cString: strerror(errno)))") }
        }
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, read(stem + ".out"), read(stem + ".err"))
    }

    /// The test server could not be set up.
    public struct SetupFailure: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "cannot set up the PostgreSQL test server: \(reason)" }
    }
}
