import CardPrepCore
import Foundation
import Glibc
import LedgerStoreTestSupport
import Testing

/// Three `cardprep run` workers over one shared inbox, work folder and vault take each of 20 drops through ingest,
/// validate, transform and archive exactly once: on SQLite they queue on the host's pipeline lock (`--wait`); on one
/// PostgreSQL ledger they run at once as three hosts (`CARDPREP_HOST`), claiming drops' stages with leases. One of
/// them killed with SIGKILL in the middle of a drop loses nothing and doubles nothing: another worker, or the killed
/// one restarted once its lease has run out, finishes the drop.
@Suite(.serialized) struct SeveralWorkersTests {
    static let drops = 20
    static let cards = 120
    static let hosts = ["prep-1", "prep-2", "prep-3"]
    /// The lease of the kill trials: short, so that a killed worker's drop is free again soon.
    static let leaseSeconds = 2

    /// The ledgers the suite runs on.
    enum LedgerChoice: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }

        func kind() throws -> SharedWorkspace.LedgerKind {
            switch self {
            case .sqlite: .sqlite
            case .postgres: .postgres(try PostgresTestServer.newDatabase())
            }
        }

        /// On SQLite the workers are one host's processes and queue on its lock; on PostgreSQL each is a host.
        var hosts: [String?] { self == .sqlite ? [nil, nil, nil] : SeveralWorkersTests.hosts }
    }

    /// Starts three workers on `workspace` and waits for them; returns them and the seconds they took together.
    static func runThreeWorkers(on workspace: SharedWorkspace, ledger: LedgerChoice) throws -> (
        workers: [WorkerProcess], seconds: Double
    ) {
        let started = Date()
        let workers = try ledger.hosts.map { try workspace.startWorker(host: $0) }
        workers.forEach { $0.wait() }
        return (workers, Date().timeIntervalSince(started))
    }

    @Test func aHostNameThatCannotNameALockFileStopsTheCommand() throws {
        let workspace = try SampleWorkspace(stages: ["ingest"], production: nil)
        for name in ["../prep-1", "prep 1", ".lock"] {
            let outcome = try BuiltExecutable(name: "cardprep").run(
                ["run", workspace.pipeline], environment: ["CARDPREP_HOST": name])
            #expect(outcome.status == 64, "\(name): \(outcome.standardError)")
            #expect(
                outcome.standardError.contains("CARDPREP_HOST=\(name.debugDescription) is not a host name"),
                "\(outcome.standardError)")
            #expect(!FileManager.default.fileExists(atPath: workspace.output), "\(name): nothing is created")
        }
        let accepted = try BuiltExecutable(name: "cardprep").run(
            ["run", workspace.pipeline, "--quiet"], environment: ["CARDPREP_HOST": "prep-1"])
        #expect(accepted.status == 0, "\(accepted.standardError)")
        let transitions = try BuiltExecutable.system("/usr/bin/sqlite3").run(
            ["-readonly", workspace.output + "/ledger.sqlite", #"SELECT DISTINCT "host" FROM "dropTransition""#])
        #expect(transitions.standardOutput == "prep-1\n")
    }

    @Test(arguments: LedgerChoice.allCases)
    func threeWorkersTakeEachDropThroughEveryStageOnce(ledger: LedgerChoice) throws {
        let source = try SharedWorkspace.generateDrops(Self.drops, cards: Self.cards)
        let workspace = try SharedWorkspace(drops: source.url.path, ledger: try ledger.kind())
        let (workers, _) = try Self.runThreeWorkers(on: workspace, ledger: ledger)
        for worker in workers { #expect(worker.status == 0, "worker \(worker.host ?? "local"): \(worker.output)") }
        let problems = try ExactlyOnceCheck(workspace: workspace, drops: Self.drops).problems()
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let hosts = Set(try workspace.query(#"SELECT DISTINCT "host" FROM "dropTransition""#).map { $0[0] })
        if ledger == .postgres {
            // Every transition names one of the three hosts, and the drops were shared out among them.
            #expect(hosts.isSubset(of: Set(Self.hosts)) && hosts.count >= 2, "hosts: \(hosts)")
        } else {
            #expect(hosts == [ProcessInfo.processInfo.hostName], "hosts: \(hosts)")
        }
    }

    @Test(arguments: LedgerChoice.allCases)
    func aWorkerKilledMidDropLeavesNothingDoubledAndNothingLost(ledger: LedgerChoice) throws {
        let source = try SharedWorkspace.generateDrops(Self.drops, cards: Self.cards)
        // How long three workers take without a kill, so that kills land at points spread over a run.
        let reference = try SharedWorkspace(drops: source.url.path, ledger: try ledger.kind(), leaseSeconds: Self.leaseSeconds)
        let (_, typical) = try Self.runThreeWorkers(on: reference, ledger: ledger)
        var random = SeededGenerator(seed: 20261129)
        var kills = 0
        var takeovers = 0
        let trials = ledger == .sqlite ? 3 : 4
        for trial in 0..<trials {
            let workspace = try SharedWorkspace(
                drops: source.url.path, ledger: try ledger.kind(), leaseSeconds: Self.leaseSeconds)
            let workers = try ledger.hosts.map { try workspace.startWorker(host: $0) }
            let fraction = Double.random(in: 0.1...0.8, using: &random)
            usleep(UInt32(typical * fraction * 1_000_000))
            // The victim is a worker in the middle of a drop (one holding a claim), when one is; on SQLite the others
            // are waiting for the lock.
            let holders = Set(try workspace.query(#"SELECT "holderPID" FROM "dropClaim""#).compactMap { Int32($0[0]) })
            let busy = workers.indices.filter { holders.contains(workers[$0].pid) }
            let victim = busy.randomElement(using: &random) ?? Int.random(in: 0..<workers.count, using: &random)
            if workers[victim].killNow() {
                kills += 1
                // The claims the killed worker held: their leases must run out and another worker finish their stages.
                takeovers +=
                    Int(
                        try workspace.query(#"SELECT COUNT(*) FROM "dropClaim" WHERE "holderPID" = \#(workers[victim].pid)"#)
                            .first?.first ?? "0") ?? 0
            }
            for (index, worker) in workers.enumerated() where index != victim {
                #expect(worker.wait() == 0, "trial \(trial): worker \(index): \(worker.output)")
            }
            // The killed worker comes back (as systemd or cron would start it again) once its lease has run out, and
            // finishes whatever the others could not take over while the lease held.
            usleep(UInt32(Self.leaseSeconds + 1) * 1_000_000)
            let restarted = try workspace.startWorker(host: ledger.hosts[victim])
            #expect(restarted.wait() == 0, "trial \(trial): restarted worker: \(restarted.output)")
            let problems = try ExactlyOnceCheck(workspace: workspace, drops: Self.drops).problems()
            #expect(
                problems.isEmpty,
                "trial \(trial) (worker \(victim) killed at \(Int(fraction * 100))% of a run): \(problems.joined(separator: "\n"))"
            )
        }
        #expect(kills >= trials - 1, "only \(kills) of \(trials) workers were still running when killed")
        #expect(takeovers >= 1, "no trial killed a worker while it held a drop's claim")
    }
}
