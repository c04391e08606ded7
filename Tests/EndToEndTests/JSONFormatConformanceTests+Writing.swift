import Foundation
import LedgerStoreTestSupport
import Testing

/// The commands that change something, sign something or write files, run with `--json` on the same pipeline after its
/// run, and the formats that no command here prints yet.
extension JSONFormatConformanceTests {
    /// The formats that no invocation here prints, each with why. A format leaves the list once a command here prints it.
    static let notExercised: [String: String] = [
        // Closing short needs a drop whose validation rejected records, so its jobs plan fewer cards than ordered; the
        // sample drop has none rejected.
        "cardprep-short-closure/1": "needs a drop with rejected records, planned short",
        // Resuming needs inspection discontinued: 5 lots not accepted on tightened inspection, many pipeline runs.
        "cardprep-qa-resume/1": "needs inspection discontinued (5 lots not accepted on tightened inspection)",
    ]

    /// Runs the writing, signing and measuring commands; `bundle` is the archived sample drop's bundle.
    static func checkWritingCommands(_ checker: Checker, bundle: String) throws {
        let workspace = checker.workspace
        let pipeline = checker.pipeline
        let root = workspace.root

        // Keys: a new key set, the vault key split into shares and combined again.
        try checker.check(["keys", "generate", "--dir", root + "/new-keys", "--principal", "cardprep@test"], format: "cardprep-keys/1")
        let custodians = ["alice", "carol"]
        try checker.check(["keys", "split", pipeline, "--shares", "2", "--threshold", "2", "--out", root + "/shares"]
                              + custodians.flatMap { ["--custodian", $0] }, format: "cardprep-key-split/1")
        var shares: [String] = []
        for person in custodians {
            let opened = try BuiltExecutable.system("/usr/bin/age").run(
                ["-d", "-i", root + "/staff/" + person, root + "/shares/\(person).share.age"])
            #expect(opened.status == 0, "\(opened.standardError)")
            shares.append(root + "/\(person).share")
            try opened.standardOutput.write(toFile: shares.last!, atomically: true, encoding: .utf8)
        }
        try checker.check(["keys", "combine-test", pipeline] + shares.flatMap { ["--share", $0] }, format: "cardprep-key-combine-test/1")

        // The ledger: the sample drop's card fingerprints and card trace, pending since its stages, merged into the lookups.
        try checker.check(["ledger", "merge", pipeline], format: "cardprep-ledger-merge/1")

        // People: the register, approved at its first use, has nothing new to approve.
        try checker.check(["people", "approve", pipeline, "--reason", "yearly review", "--requester", "bob", "--approver", "frank"],
                          format: "cardprep-people-approval/1")

        // One drop's shipping plan (its reconciliation alone is checked on the inspecting pipeline: this drop is archived).
        try checker.check(["shipping", "plan", pipeline, "cust-01/drop-20261101-01"], format: "cardprep-shipping-plan/1")

        // Complaints.
        try checker.check(["complaint", "open", pipeline, "--customer", "cust-01", "--received-at", "2026-11-03T09:30:00Z",
                           "--summary", "the order came late", "--order", "ORD-20261101-01"], format: "cardprep-complaint/1")
        try checker.check(["complaint", "report", pipeline, "--period", "2026-11"], format: "cardprep-complaint-report/1")

        // The vault: nothing left to archive, a loan and its return, purge and reindex.
        try checker.check(["vault", "archive", pipeline], format: "cardprep-vault-archive/1")
        try checker.checkSigned(["vault", "checkout", pipeline, bundle, "--borrower", "alice", "--approver", "bob", "--reason", "audit"],
                                format: "cardprep-vault-loan/1")
        try checker.checkSigned(["vault", "checkin", pipeline, bundle, "--returner", "alice", "--receiver", "bob"],
                                format: "cardprep-vault-loan/1")
        try checker.check(["vault", "purge", pipeline, "--expired", "--dry-run"], format: "cardprep-vault-purge/1")
        try checker.check(["vault", "reindex", pipeline], format: "cardprep-vault-reindex/1")

        // Stock: received, counted, moved, reclassified, destroyed, and the customer's statement.
        let hq = ["--customer", "cust-01", "--location", "HQ", "--product", "C01-DEBIT", "--class", "blank"]
        let warehouse = ["--requester", "dave", "--approver", "frank"]
        try checker.check(["stock", "record", pipeline, "received"] + hq + ["--quantity", "300", "--reference", "DN-1",
                                                                          "--at", "2026-10-02T08:00:00Z"], format: "cardprep-stock-movement/1")
        // A count that differs from the book is a finding (exit 4).
        try checker.check(["stock", "count", pipeline] + hq + ["--counted", "290"], status: 4, format: "cardprep-stock-count/1")
        try checker.checkSigned(["stock", "transfer", pipeline, "--customer", "cust-01", "--from", "HQ", "--to", "BR01", "--product",
                                 "C01-DEBIT", "--class", "blank", "--quantity", "120", "--reference", "TR-1",
                                 "--at", "2026-10-03T08:00:00Z"] + warehouse, format: "cardprep-stock-transfer/1")
        try checker.checkSigned(["stock", "reclassify", pipeline] + hq + ["--quantity", "30", "--reference", "RC-1", "--note", "old design",
                                                                        "--at", "2026-10-04T08:00:00Z"] + warehouse,
                                format: "cardprep-stock-transfer/1")
        try checker.checkSigned(workspace.destroyArguments(
            row: "DST-CONFORMANCE,2026-11-02T10:00:00Z,Destruction room 1,shredding,C01-DEBIT,1,CD999999,,CCTV-1"),
                                format: "cardprep-destruction/1")
        try checker.check(["stock", "statement", pipeline, "--customer", "cust-01", "--period", "2026-10"], format: "cardprep-stock-statement/1")

        // Sample drops and the benchmarks, tiny.
        try checker.check(["fixtures", "generate", "--out", root + "/fixtures", "--customers", "1", "--cards", "6", "--seed", "5",
                           "-R", packageRoot + "/Fixtures/keys/demo-bureau.agekey.pub", "--profiles", root + "/fixture-customers"],
                          format: "cardprep-fixtures/1")
        try checker.check(["bench", "pipeline", "--cards", "200", "--package", JSONFormatConformanceTests.packageRoot],
                          format: "cardprep-bench-pipeline/1")
        try checker.check(["bench", "fingerprints", "--count", "200", "--lookups", "20", "--batch", "100"],
                          format: "cardprep-bench-fingerprints/1")
        try checker.check(["bench", "fingerprint-key", pipeline, "--cards", "20", "--threads", "1"], format: "cardprep-bench-fingerprint-key/1")
        // The ledger, as it stands after all of the above, moved to a new PostgreSQL database.
        try checker.check(
            ["ledger", "migrate", "--from", "sqlite:" + workspace.output + "/ledger.sqlite", "--to", try PostgresTestServer.newDatabase()],
            format: "cardprep-ledger-migrate/1")
    }

    /// Holds and releases the sample drop on a second pipeline that ran up to its jobs (the shared run archives its
    /// drop, which no decision may change), then remakes a card the floor spoiled, and adds what was seen there to
    /// `checker`.
    static func checkDropDecisions(_ checker: Checker) throws {
        let (workspace, id) = try DropCommandTests.workspaceWithJobsIssued()
        try workspace.addPeople(["alice", "bob", "erin", "frank"])
        let decisions = try Checker(workspace)
        try decisions.checkSigned(["hold", workspace.pipeline, id, "--reason", "customer asked to wait", "--requester", "alice"],
                                  format: "cardprep-drop-state/1")
        try decisions.checkSigned(["release", workspace.pipeline, id, "--reason", "customer confirmed", "--requester", "alice",
                                   "--approver", "frank"], format: "cardprep-drop-state/1")
        // The floor reports back without the remake of CD000004, which it spoiled: the drop has a discrepancy, and the
        // card is remade under dual control.
        let fm = FileManager.default
        try fm.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/reconcile/clean", toPath: workspace.root + "/production")
        let file = workspace.root + RemakeCommandTests.production
        let rows = try String(contentsOfFile: file, encoding: .utf8).utf8.split(separator: UInt8(ascii: "\n"))
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.contains(",CD000005,") }
        try (rows.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let reported = try workspace.cardprep(["run", workspace.pipeline])
        #expect(reported.status == 4, "\(reported.standardOutput)\(reported.standardError)")
        try decisions.checkSigned(["remake", workspace.pipeline, id, "--serial", "CD000004", "--reason", "embossing misaligned",
                                   "--requester", "erin", "--approver", "frank"], format: "cardprep-remake/1")
        checker.problems += decisions.problems
        checker.seen.merge(decisions.seen) { $0 + $1 }
    }

    /// Samples, records and disposes of the sample drop's lots on a third pipeline that inspects: every sampled card
    /// of the first lot has a critical defect, so it is not accepted and is screened under dual control.
    static func checkInspection(_ checker: Checker) throws {
        let workspace = try SampleWorkspace(stages: ["ingest", "validate", "transform", "reconcile", "inspect", "archive"])
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
        try workspace.addPeople(["carol", "frank"])
        let qa = try Checker(workspace)
        let pipeline = workspace.pipeline
        // Its drop waits for inspection, reconciled: reconciling it alone again prints its report.
        try qa.check(["reconcile", pipeline, "--drop", "cust-01/drop-20261101-01"], format: "cardprep-reconcile/1")
        let lots = (try qa.check(["qa", "lots", pipeline], format: "cardprep-qa-lots/1")["lots"] as? [[String: Any]] ?? [])
            .compactMap { $0["lot"] as? String }
        guard let refused = lots.first else { return checker.problems.append("qa lots lists no lot after an inspecting run") }
        for lot in lots {
            let sample = try qa.check(["qa", "sample", pipeline, "--lot", lot, "--seed", String(repeating: "cd", count: 32)],
                                      format: "cardprep-qa-sample/1")
            let serials = sample["serials"] as? [String] ?? []
            let results = "serial,class,code,inspector\n"
                + serials.map { lot == refused ? "\($0),critical,CHIP-01,carol\n" : "\($0),none,,carol\n" }.joined()
            let file = workspace.root + "/results-\(lot).csv"
            try results.write(toFile: file, atomically: true, encoding: .utf8)
            try qa.checkSigned(["qa", "record", pipeline, "--lot", lot, "--inspector", "carol", file], status: lot == refused ? 4 : 0,
                               format: "cardprep-qa-decision/1")
        }
        let held = try workspace.cardprep(["run", pipeline])
        #expect(held.status == 4, "\(held.standardOutput)\(held.standardError)")
        try qa.checkSigned(["qa", "dispose", pipeline, "--lot", refused, "--disposition", "screened", "--reason", "screened 100 %, chips replaced",
                            "--requester", "carol", "--approver", "frank"], format: "cardprep-lot-disposition/1")
        try qa.check(["qa", "report", pipeline, "--lot", refused, "--out", workspace.root + "/acceptance"], format: "cardprep-qa-report/1")
        checker.problems += qa.problems
        checker.seen.merge(qa.seen) { $0 + $1 }
    }

    static var packageRoot: String { SampleWorkspace.packageRoot }
}
