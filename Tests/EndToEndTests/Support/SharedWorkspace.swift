import Foundation
import LedgerStoreTestSupport

/// One pipeline that several `cardprep run` workers share, as hosts share a file system: one inbox of generated
/// drops, one output folder (work, vault, outboxes) and one ledger, SQLite in the output folder or a PostgreSQL
/// database (`ledger:`). Stages: ingest, validate, transform, archive.
final class SharedWorkspace {
    /// Where the ledger is.
    enum LedgerKind {
        case sqlite
        /// A PostgreSQL database's URL.
        case postgres(String)
    }

    let folder = try! TemporaryFolder()
    var root: String { folder.url.path }
    var pipeline: String { root + "/pipeline.yml" }
    var output: String { root + "/out" }
    let ledger: LedgerKind

    /// Generates `drops` drops (one customer each, `cards` cards each) with the demo bureau key into a new folder:
    /// `inbox/` and the customers' profiles in `customers/`.
    static func generateDrops(_ drops: Int, cards: Int) throws -> TemporaryFolder {
        let source = try TemporaryFolder()
        let made = try BuiltExecutable(name: "cardprep").run([
            "fixtures", "generate", "--out", source.url.path + "/inbox", "--customers", "\(drops)", "--cards", "\(cards)",
            "--seed", "2026", "--date", "2026-11-01", "-R", SampleWorkspace.packageRoot + "/Fixtures/keys/demo-bureau.agekey.pub",
            "--profiles", source.url.path + "/customers",
        ])
        guard made.status == 0 else { throw SharedWorkspaceError.command("fixtures generate", made.standardError) }
        try FileManager.default.removeItem(atPath: source.url.path + "/inbox/injections.json")
        return source
    }

    /// A workspace over a copy of the drops in `source` (made by `generateDrops`).
    /// - Parameter leaseSeconds: the pipeline's `lease_seconds`, or nil for the default.
    init(drops source: String, ledger: LedgerKind, leaseSeconds: Int? = nil) throws {
        self.ledger = ledger
        let fm = FileManager.default
        try fm.copyItem(atPath: source + "/inbox", toPath: root + "/inbox")
        try fm.copyItem(atPath: source + "/customers", toPath: root + "/customers")
        try fm.createDirectory(atPath: root + "/keys", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/tmp", withIntermediateDirectories: true)
        for name in ["bureau.agekey", "bureau-signing", "fingerprint.key", "vault.agekey", "vault.agekey.pub", "allowed_signers"]
        {
            try fm.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-" + name, toPath: root + "/keys/" + name)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/keys/" + name)
        }
        var extra = ""
        if case let .postgres(url) = ledger { extra += "ledger: \(url)\n" }
        if let leaseSeconds { extra += "lease_seconds: \(leaseSeconds)\n" }
        try """
        version: 1
        name: workers
        inbox: inbox
        output: out
        customers: customers
        machines: \(SampleWorkspace.packageRoot)/Pipelines/machines
        order_schema: \(SampleWorkspace.packageRoot)/Pipelines/schemas/order-v1.xsd
        stages: [ingest, validate, transform, archive]
        keys:
          identity: keys/bureau.agekey
          signing: keys/bureau-signing
          fingerprint: keys/fingerprint.key
        vault:
          recipients: keys/vault.agekey.pub
          identity: keys/vault.agekey
          allowed_signers: keys/allowed_signers
        inbox_rules:
          settle: 0s
        \(extra)
        """.write(toFile: pipeline, atomically: true, encoding: .utf8)
    }

    /// Starts `cardprep run` as a worker on `host` (nil: this machine's name), waiting for the pipeline lock when
    /// `wait`; what it prints goes to `<root>/worker-<host>-<n>.log`.
    func startWorker(host: String?, wait: Bool = true) throws -> WorkerProcess {
        workersStarted += 1
        let log = root + "/worker-\(host ?? "local")-\(workersStarted).log"
        return try WorkerProcess(
            ["run", pipeline, "--quiet"] + (wait ? ["--wait"] : []), host: host,
            environment: ["TMPDIR": root + "/tmp"], log: log)
    }

    private var workersStarted = 0

    /// Runs `cardprep` with `arguments` to its end.
    func cardprep(_ arguments: [String]) throws -> BuiltExecutable.Outcome {
        try BuiltExecutable(name: "cardprep").run(arguments, in: folder.url, environment: ["TMPDIR": root + "/tmp"])
    }

    /// The rows `sql` selects from the ledger, each a list of its columns as text. The SQL is the subset SQLite and
    /// PostgreSQL share (quoted names).
    func query(_ sql: String) throws -> [[String]] {
        let text: String
        switch ledger {
        case .sqlite:
            let outcome = try BuiltExecutable.system("/usr/bin/sqlite3").run([
                "-readonly", "-cmd", ".timeout 10000", output + "/ledger.sqlite", sql,
            ])
            guard outcome.status == 0 else { throw SharedWorkspaceError.command("sqlite3 \(sql)", outcome.standardError) }
            text = outcome.standardOutput
        case let .postgres(url):
            text = try PostgresTestServer.psqlOutput(url, sql)
        }
        return text.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Files under `folder` (relative to the output folder) whose names end with one of `suffixes`, relative to it.
    func files(under folder: String, endingWith suffixes: [String]) -> [String] {
        files(under: folder) { path in suffixes.contains { path.hasSuffix($0) } }
    }

    /// Paths under `folder` (relative to the output folder) that `include` accepts, relative to it.
    func files(under folder: String, where include: (String) -> Bool) -> [String] {
        (FileManager.default.enumerator(atPath: output + "/" + folder)?.compactMap { $0 as? String } ?? []).filter(include)
            .sorted()
    }

    /// Drop folders still in the inbox.
    func dropsLeftInInbox() throws -> [String] {
        let fm = FileManager.default
        return try fm.contentsOfDirectory(atPath: root + "/inbox").flatMap { customer in
            try fm.contentsOfDirectory(atPath: root + "/inbox/" + customer).map { customer + "/" + $0 }
        }
    }
}

/// A step of setting up a shared workspace failed.
enum SharedWorkspaceError: Error, CustomStringConvertible {
    case command(String, String)

    var description: String {
        switch self {
        case let .command(what, errors): "\(what) failed: \(errors)"
        }
    }
}
