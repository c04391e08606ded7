import Foundation
import Testing

/// A lot not accepted holds its drop until a QA inspector and a supervisor sign its disposition: releasing the drop
/// alone does not let it through, and once the disposition is signed the drop is inspected and archived with the
/// disposition in the lot's acceptance report.
@Suite struct LotDispositionTests {
    private func json(_ outcome: BuiltExecutable.Outcome) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
    }

    @Test func aLotNotAcceptedHoldsItsDropUntilItsDispositionIsSigned() throws {
        let workspace = try SampleWorkspace(stages: ["ingest", "validate", "transform", "reconcile", "inspect", "archive"])
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
        try workspace.addPeople(["carol", "frank"])
        let lots = try #require((try json(try workspace.cardprep(["qa", "lots", workspace.pipeline, "--json"])) as? [String: Any])?["lots"] as? [[String: Any]])
        let refused = try #require(lots.first?["lot"] as? String)
        for lot in lots.map({ $0["lot"] as! String }) {
            let sample = try workspace.cardprep(["qa", "sample", workspace.pipeline, "--lot", lot, "--seed", String(repeating: "cd", count: 32), "--json"])
            let serials = try #require((try json(sample) as? [String: Any])?["serials"] as? [String])
            // Every sampled card of the first lot has a critical defect (AQL 0.10: Ac 0), the others none.
            let results = "serial,class,code,inspector\n"
                + serials.map { lot == refused ? "\($0),critical,CHIP-01,carol\n" : "\($0),none,,carol\n" }.joined()
            let file = workspace.root + "/results-\(lot).csv"
            try results.write(toFile: file, atomically: true, encoding: .utf8)
            let recorded = try workspace.cardprepSigned(["qa", "record", workspace.pipeline, "--lot", lot, "--inspector", "carol", file])
            #expect(recorded.status == 0 || recorded.status == 4, "\(recorded.standardOutput)\(recorded.standardError)")
        }

        // The run holds the drop and says what to do, with a command that names the lot.
        // Exit 4 (as `qa record` for the lot) while the drop waits for a disposition only people can sign.
        let held = try workspace.cardprep(["run", workspace.pipeline])
        #expect(held.status == 4, "\(held.standardOutput)\(held.standardError)")
        #expect(!held.standardOutput.contains("1 archived"), "\(held.standardOutput)")
        #expect(held.standardOutput.contains("(1 on hold)"), "\(held.standardOutput)")
        let status = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        let drop = try #require(((try json(status) as? [String: Any])?["drops"] as? [[String: Any]])?.first)
        #expect(drop["state"] as? String == "on-hold", "\(drop)")
        let dropID = try #require(drop["dropID"] as? String)
        let text = try workspace.cardprep(["status", workspace.pipeline])
        #expect(text.standardOutput.contains("cardprep qa dispose"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("--lot \(refused)"), "\(text.standardOutput)")

        // Releasing the drop without a disposition does not get it past inspection.
        let release = try workspace.cardprepSigned(
            ["release", workspace.pipeline, String(dropID.prefix(12)), "--reason", "try", "--requester", "carol", "--approver", "frank"])
        #expect(release.status == 0, "\(release.standardOutput)\(release.standardError)")
        let again = try workspace.cardprep(["run", workspace.pipeline])
        #expect(again.status == 4, "\(again.standardOutput)\(again.standardError)")
        #expect(!again.standardOutput.contains("1 archived"), "\(again.standardOutput)")
        let stillHeld = try #require(((try json(try workspace.cardprep(["status", workspace.pipeline, "--json"])) as? [String: Any])?["drops"] as? [[String: Any]])?.first)
        #expect(stillHeld["state"] as? String == "on-hold")

        // A concession needs the customer's reference; an accepted lot has no disposition.
        let noReference = try workspace.cardprep(
            ["qa", "dispose", workspace.pipeline, "--lot", refused, "--disposition", "concession", "--reason", "x", "--requester", "carol", "--approver", "frank"])
        #expect(noReference.status == 64, "\(noReference.standardError)")
        let accepted = try workspace.cardprep(
            ["qa", "dispose", workspace.pipeline, "--lot", lots[1]["lot"] as! String, "--disposition", "screened", "--reason", "x"])
        #expect(accepted.status == 6, "\(accepted.standardOutput)\(accepted.standardError)")

        // Signed by carol (QA inspector) and frank (supervisor): recorded, and the drop released.
        let disposed = try workspace.cardprepSigned(
            ["qa", "dispose", workspace.pipeline, "--lot", refused, "--disposition", "screened", "--reason", "screened 100 %, chips replaced",
             "--requester", "carol", "--approver", "frank"])
        #expect(disposed.status == 0, "\(disposed.standardOutput)\(disposed.standardError)")
        #expect(disposed.standardOutput.contains("released"), "\(disposed.standardOutput)")
        let twice = try workspace.cardprep(
            ["qa", "dispose", workspace.pipeline, "--lot", refused, "--disposition", "returned", "--reason", "x"])
        #expect(twice.status == 6, "\(twice.standardError)")

        let report = try workspace.cardprep(["qa", "report", workspace.pipeline, "--lot", refused, "--json"])
        let files = try #require((try json(report) as? [String: Any])?["files"] as? [String])
        let html = try String(contentsOfFile: try #require(files.first { $0.hasSuffix(".html") }), encoding: .utf8)
        #expect(html.contains("Disposition: screened 100 % and resubmitted"), "\(html)")
        #expect(html.contains("signed by carol+frank"), "\(html)")

        let last = try workspace.cardprep(["run", workspace.pipeline])
        #expect(last.status == 0, "\(last.standardOutput)\(last.standardError)")
        #expect(last.standardOutput.contains("1 archived"), "\(last.standardOutput)")
        let history = try workspace.cardprep(["history", workspace.pipeline, String(dropID.prefix(12))])
        #expect(history.standardOutput.contains("lot.disposed"), "\(history.standardOutput)")

        // What goes back to the customer is in the customer outbox after the work folder is purged: the reconciliation
        // report, the delivery lists and the acceptance reports, signed, with a signed manifest the printed command checks.
        let outbox = workspace.output + "/customer-outbox/cust-01/drop-20261101-01"
        let names = try FileManager.default.contentsOfDirectory(atPath: outbox)
        for name in ["report.html", "report.json", "report.csv", "\(refused).acceptance.html", "\(refused).acceptance.json",
                     "MANIFEST.json", "allowed_signers"] {
            #expect(names.contains(name) && (name == "allowed_signers" || names.contains(name + ".sig")), "\(name): \(names)")
        }
        #expect(names.contains { $0.hasPrefix("delivery-list-") && $0.hasSuffix(".html") }, "\(names)")
        #expect(names.contains { $0.hasSuffix(".acceptance.statement.txt") }, "\(names)")
        let line = try #require(last.standardOutput.split(separator: "\n").first { $0.hasPrefix("outbox ") }, "\(last.standardOutput)")
        #expect(line.contains(outbox), "\(line)")
        let command = String(try #require(line.range(of: "check: ").map { line[$0.upperBound...] }))
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/bin/sh")
        check.arguments = ["-c", command]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(command)")
        let closed = try workspace.cardprep(["status", workspace.pipeline])
        #expect(closed.standardOutput.contains(outbox), "\(closed.standardOutput)")
    }
}
