import CardPrepCore
import CardPrepCrypto
import CardPrepLedger
import Foundation
import Glibc
import Testing

/// Kills `cardprep run` (ingest) at every call of every system call that commits or removes something — each
/// rename, link, fsync, fdatasync, unlink and rmdir, in turn — over an inbox with one good drop and one that must
/// be quarantined, then runs it again and checks that both ended where they belong: the good drop registered with
/// its work folder and its originals, the bad one in quarantine with its ledger row, audit event and `.reason.txt`,
/// nothing left in the inbox or half-written in the output, and `cardprep status` saying so.
@Suite(.serialized) struct SyscallKillTests {
    /// The system calls killed at. strace counts per name, so each is killed at separately.
    static let syscalls = [
        "rename", "renameat", "renameat2", "link", "linkat", "fsync", "fdatasync", "unlink", "unlinkat", "rmdir",
    ]

    @Test func aRunKilledAtAnyCommitPointEndsWithBothDropsWhereTheyBelong() throws {
        let strace = try #require(TracedRun.strace, "strace is not installed (Pipelines/install-dependencies.sh installs it)")
        let template = try KillWorkspace.template()
        let reference = try KillWorkspace(copying: template)
        let (calls, otherThreads) = try TracedRun(strace: strace, arguments: ["run", reference.pipeline])
            .count(Self.syscalls, log: reference.root + "/trace.log")
        #expect(otherThreads == 0, "calls made on other threads are not reached by a per-thread count")
        try reference.expectFinalState("reference run")
        let total = calls.values.reduce(0, +)
        #expect(total > 40, "\(calls)")

        var killed = 0
        for syscall in Self.syscalls {
            for n in 0..<(calls[syscall] ?? 0) {
                let label = "killed at \(syscall) #\(n + 1)"
                let workspace = try KillWorkspace(copying: template)
                let outcome = try TracedRun(strace: strace, arguments: ["run", workspace.pipeline]).kill(at: syscall, call: n + 1)
                #expect(outcome.killed && outcome.status == SIGKILL, "\(label): \(outcome.status) \(outcome.standardError)")
                if outcome.killed { killed += 1 }
                try workspace.expectInterruptedState(label)
                let badWaiting = FileManager.default.fileExists(atPath: workspace.badInbox)
                let rerun = try BuiltExecutable(name: "cardprep").run(["run", workspace.pipeline])
                // The next run says what became of the bad drop when it was still in the inbox, and only then; every
                // run exits 3 while the drop stays quarantined.
                #expect(rerun.status == 3, "\(label): \(rerun.standardOutput)\(rerun.standardError)")
                #expect(
                    rerun.standardOutput.contains("quarantined  \(KillWorkspace.bad)") == badWaiting,
                    "\(label): \(rerun.standardOutput)")
                try workspace.expectFinalState(label)
                let again = try BuiltExecutable(name: "cardprep").run(["run", workspace.pipeline])
                #expect(
                    again.status == 3 && again.standardOutput.contains("ingest: 0 drop(s)")
                        && again.standardOutput.contains("attention: 1 drop(s) (1 quarantined)"), "\(label): \(again.standardOutput)")
            }
        }
        #expect(killed == total, "\(calls)")
    }
}

/// A pipeline (ingest only) over generated drops: `cust-01`'s is good, `cust-02` has no profile (unknown customer).
final class KillWorkspace {
    static let good = "cust-01/drop-20261101-01"
    static let bad = "cust-02/drop-20261101-02"

    let folder: TemporaryFolder
    var root: String { folder.url.path }
    var pipeline: String { root + "/pipeline.yml" }
    var output: String { root + "/out" }
    var badInbox: String { root + "/inbox/" + Self.bad }

    /// The template every run copies: drops, profiles, demo keys and the pipeline, with relative paths.
    static func template() throws -> TemporaryFolder {
        let template = try TemporaryFolder()
        let root = template.url.path, keys = SampleWorkspace.packageRoot + "/Fixtures/keys/demo-"
        let made = try BuiltExecutable(name: "cardprep").run([
            "fixtures", "generate", "--out", root + "/inbox", "--customers", "2", "--cards", "6", "--seed", "5",
            "--date", "2026-11-01", "-R", keys + "bureau.agekey.pub", "--profiles", root + "/customers",
        ])
        try #require(made.status == 0, "\(made.standardError)")
        let fm = FileManager.default
        try fm.removeItem(atPath: root + "/inbox/injections.json")
        try fm.removeItem(atPath: root + "/customers/cust-02.yml")
        try fm.createDirectory(atPath: root + "/keys", withIntermediateDirectories: true)
        for name in ["bureau.agekey", "bureau-signing", "fingerprint.key"] {
            try fm.copyItem(atPath: keys + name, toPath: root + "/keys/" + name)
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/keys/" + name)
        }
        try """
        version: 1
        name: kill
        inbox: inbox
        output: out
        customers: customers
        machines: \(SampleWorkspace.packageRoot)/Pipelines/machines
        order_schema: \(SampleWorkspace.packageRoot)/Pipelines/schemas/order-v1.xsd
        stages: [ingest]
        keys:
          identity: keys/bureau.agekey
          signing: keys/bureau-signing
          fingerprint: keys/fingerprint.key
        inbox_rules:
          settle: 0s
        """.write(toFile: root + "/pipeline.yml", atomically: true, encoding: .utf8)
        return template
    }

    /// A fresh copy of `template`.
    init(copying template: TemporaryFolder) throws {
        let folder = try TemporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: template.url.path) {
            try FileManager.default.copyItem(atPath: template.url.path + "/" + name, toPath: folder.url.path + "/" + name)
        }
        self.folder = folder
        original = try Self.digests(under: folder.url.path + "/inbox")
    }

    /// The SHA-256 of every file of the drops as delivered, by `<customer>/<drop>/<file>`.
    let original: [String: String]

    /// Right after the kill: each drop is in the inbox whole, or out of it (quarantined, registered or on its way).
    func expectInterruptedState(_ label: String) throws {
        for drop in [Self.good, Self.bad] where FileManager.default.fileExists(atPath: root + "/inbox/" + drop) {
            let present = try Self.digests(under: root + "/inbox/" + drop)
            #expect(
                present
                    == original.filter { $0.key.hasPrefix(drop + "/") }.reduce(into: [:]) {
                        $0[String($1.key.dropFirst(drop.count + 1))] = $1.value
                    }, "\(label): \(drop) is in the inbox, but not whole")
        }
    }

    /// After an uninterrupted run, or a killed one and the run after it.
    func expectFinalState(_ label: String) throws {
        let fm = FileManager.default
        let ledger = try Ledger(path: output + "/ledger.sqlite")
        let registered = try ledger.drops()
        #expect(registered.map { "\($0.customer)/\($0.name) \($0.state.rawValue)" }.sorted()
                == [Self.good + " ingested", Self.bad + " quarantined"], "\(label)")
        let drops = registered.filter { $0.state == .ingested }
        #expect(try ledger.allDeliveries().map(\.kind) == [.first], "\(label)")
        let quarantined = try ledger.quarantined()
        #expect(quarantined.map { "\($0.customer)/\($0.name) \($0.reasonCode)" } == [Self.bad + " unknown-customer"], "\(label)")
        #expect(
            try ledger.auditEntries().map(\.event).sorted()
                == ["datakey.created", "drop.ingested", "drop.quarantined", "drop.received"] + Array(repeating: "drop.state", count: 4),
            "\(label)")
        #expect(try registered.map { try ledger.transitions(of: $0.id).map(\.toState.rawValue).joined(separator: ">") }.sorted()
                == ["received>ingested", "received>quarantined"], "\(label)")
        #expect(try ledger.verifyAuditChain().isEmpty, "\(label)")
        if let drop = drops.first {
            let files = original.filter { $0.key.hasPrefix(Self.good + "/") }
            #expect(try Self.digests(under: drop.originalsPath).count == files.count, "\(label): originals")
            for (path, digest) in files {
                #expect(
                    try FileDigest.sha256(path: drop.originalsPath + "/" + URL(fileURLWithPath: path).lastPathComponent)
                        == digest,
                    "\(label): \(path)")
            }
            #expect(
                try fm.contentsOfDirectory(atPath: drop.workPath).sorted() == ["MANIFEST.sha256", "cards", "orders"], "\(label)")
            #expect(try fm.contentsOfDirectory(atPath: output + "/keys/drops") == [drop.id + ".agekey.age"], "\(label)")
            #expect(try fm.contentsOfDirectory(atPath: output + "/work") == [drop.id], "\(label)")
        }
        if let record = quarantined.first {
            #expect(
                try Self.digests(under: record.keptAt).count == original.filter { $0.key.hasPrefix(Self.bad + "/") }.count,
                "\(label): quarantined folder")
            let reason = (try? String(contentsOfFile: record.keptAt + ".reason.txt", encoding: .utf8)) ?? ""
            #expect(reason.contains("reason: unknown-customer"), "\(label): .reason.txt")
        }
        for customer in ["cust-01", "cust-02"] {
            #expect(try fm.contentsOfDirectory(atPath: root + "/inbox/" + customer).isEmpty, "\(label): inbox/\(customer)")
        }
        let leftovers = (fm.enumerator(atPath: output)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".partial") || $0.hasSuffix(".tmp") || $0.hasSuffix(".incoming") }
        #expect(leftovers.isEmpty, "\(label): \(leftovers)")
        try expectStatus(label, dropID: drops.first?.id)
    }

    /// `cardprep status --json` lists the registered drop and the quarantined one, and nothing waiting.
    private func expectStatus(_ label: String, dropID: String?) throws {
        let status = try BuiltExecutable(name: "cardprep").run(["status", pipeline, "--json"])
        #expect(status.status == 0, "\(label): \(status.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        let drops = json["drops"] as? [[String: Any]] ?? []
        #expect(drops.filter { $0["state"] as? String == "ingested" }.map { "\($0["dropID"] ?? "")" } == ["\(dropID ?? "-")"],
                "\(label): status")
        let quarantine = drops.filter { $0["state"] as? String == "quarantined" }
        #expect(
            quarantine.map { "\($0["customer"] ?? "")/\($0["drop"] ?? "") \(($0["reason"] as? String)?.prefix(16) ?? "")" }
                == [Self.bad + " unknown-customer"], "\(label): status")
        #expect(json["readyInInbox"] as? Int == 0 && (json["uploads"] as? [Any])?.isEmpty == true, "\(label): status")
    }

    /// The SHA-256 of every regular file below `folder`, by relative path.
    static func digests(under folder: String) throws -> [String: String] {
        var digests: [String: String] = [:]
        for path in FileManager.default.enumerator(atPath: folder)?.compactMap({ $0 as? String }) ?? [] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                digests[path] = try FileDigest.sha256(path: folder + "/" + path)
            }
        }
        return digests
    }
}
