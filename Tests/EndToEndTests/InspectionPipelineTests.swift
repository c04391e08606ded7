import Foundation
import Testing

/// The sample drop with inspection in the pipeline: lots are planned after a clean reconciliation, the drop waits
/// for QA, and once every lot is decided the signed acceptance reports go into its bundle.
@Suite struct InspectionPipelineTests {
    @Test func theDropWaitsForQAAndItsAcceptanceReportsGoIntoTheBundle() throws {
        let workspace = try SampleWorkspace(stages: ["ingest", "validate", "transform", "reconcile", "inspect", "archive"])
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
        #expect(first.standardOutput.contains("lot(s) planned"))
        #expect(first.standardOutput.contains("archive: 0 drop(s)") || !first.standardOutput.contains("archived to"))
        let status = try workspace.cardprep(["status", workspace.pipeline])
        #expect(status.standardOutput.contains("lots waiting for inspection: 4"), "\(status.standardOutput)")

        try workspace.addPeople(["carol"])
        let lotsOutput = try workspace.cardprep(["qa", "lots", workspace.pipeline, "--json"])
        let lots = try #require((try JSONSerialization.jsonObject(with: Data(lotsOutput.standardOutput.utf8)) as? [String: Any])?["lots"] as? [[String: Any]])
        #expect(lots.count == 4)
        for lot in lots {
            let id = lot["lot"] as! String
            let sample = try workspace.cardprep(["qa", "sample", workspace.pipeline, "--lot", id, "--seed", String(repeating: "ab", count: 32), "--json"])
            #expect(sample.status == 0, "\(sample.standardError)")
            let drawn = try #require(try JSONSerialization.jsonObject(with: Data(sample.standardOutput.utf8)) as? [String: Any])
            let results = "serial,class,code,inspector\n" + (drawn["serials"] as! [String]).map { "\($0),none,,carol\n" }.joined()
            let file = workspace.root + "/results-\(id).csv"
            try results.write(toFile: file, atomically: true, encoding: .utf8)
            // carol, the QA inspector, signs each decision with her own key.
            let recorded = try workspace.cardprepSigned(["qa", "record", workspace.pipeline, "--lot", id, "--inspector", "carol", file])
            #expect(recorded.status == 0, "\(recorded.standardOutput)\(recorded.standardError)")
            #expect(recorded.standardOutput.contains("decided by Carol Okafor (carol)"), "\(recorded.standardOutput)")
        }
        // The audit log names carol, who signed, as the one who decided each lot.
        let dropID = try #require(lots.first?["drop"] as? String)
        let history = try workspace.cardprep(["history", workspace.pipeline, dropID])
        #expect(history.status == 0, "\(history.standardError)")
        let decided = history.standardOutput.split(separator: "\n").filter { $0.contains("lot.accepted") }
        #expect(decided.count == 4, "\(history.standardOutput)")
        for line in decided {
            #expect(line.contains("  by carol  ") && line.contains("inspector=carol") && line.contains("statement="), "\(line)")
        }
        // The printed commands verify carol's signature and the bureau's countersignature of a report, pasted as they are.
        let lot = lots[0]["lot"] as! String
        let report = try workspace.cardprep(["qa", "report", workspace.pipeline, "--lot", lot])
        #expect(report.status == 0, "\(report.standardError)")
        let commands = report.standardOutput.split(separator: "\n").filter { $0.hasPrefix("    ssh-keygen -Y verify") }.map(String.init)
        #expect(commands.count == 2 && commands[1].contains("-I cardprep@demo-bureau -n cardprep-report"), "\(report.standardOutput)")
        for command in commands {
            let verify = Process()
            verify.executableURL = URL(fileURLWithPath: "/bin/bash")
            verify.arguments = ["-c", command]
            verify.standardOutput = FileHandle.nullDevice
            verify.standardError = FileHandle.nullDevice
            try verify.run()
            verify.waitUntilExit()
            #expect(verify.terminationStatus == 0, "\(command)")
        }

        let second = try workspace.cardprep(["run", workspace.pipeline])
        #expect(second.status == 0, "\(second.standardOutput)\(second.standardError)")
        #expect(second.standardOutput.contains("1 archived"), "\(second.standardOutput)")
        let vault = workspace.output + "/vault"
        let bundle = try #require(FileManager.default.enumerator(atPath: vault)?.compactMap { $0 as? String }.first { $0.hasSuffix(".tar.zst.age") })
        let list = Process()
        list.executableURL = URL(fileURLWithPath: "/bin/sh")
        list.arguments = ["-c", "age -d -i '\(workspace.root)/keys/vault.agekey' '\(vault)/\(bundle)' | bsdtar -tf -"]
        let out = Pipe()
        list.standardOutput = out
        try list.run()
        let names = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        list.waitUntilExit()
        let reports = names.split(separator: "\n").filter { $0.hasPrefix("inspection/") && $0.hasSuffix(".html") }
        #expect(reports.filter { !$0.hasPrefix("inspection/delivery-") }.count == 4, "\(names)")
        // Each lot's report goes into the bundle with carol's signed statement beside it.
        #expect(names.split(separator: "\n").filter { $0.hasPrefix("inspection/") && $0.hasSuffix(".acceptance.statement.carol.sig") }.count == 4)
        #expect(reports.filter { $0.hasPrefix("inspection/delivery-") }.count == 2, "one report per shipment: \(names)")
        // Opened from the vault, each delivery report says accepted and its signature verifies.
        let opened = workspace.root + "/opened"
        let open = try workspace.cardprepSigned(
            ["vault", "open", workspace.pipeline, bundle, "--to", opened, "--opener", "alice", "--witness", "bob", "--reason", "QA audit"])
        #expect(open.status == 0, "\(open.standardOutput)\(open.standardError)")
        for name in try FileManager.default.contentsOfDirectory(atPath: opened + "/inspection") where name.hasPrefix("delivery-") && name.hasSuffix(".html") {
            let path = opened + "/inspection/" + name
            let html = try String(contentsOfFile: path, encoding: .utf8)
            #expect(html.contains("Delivery accepted"))
            #expect(html.contains("<th>Signed by</th>") && html.contains("<td>carol</td>"), "each lot names the inspector who signed it")
            #expect(html.contains(">100.00 %</td>") && !html.contains("10000"), "the qualification rate is a percentage already")
            let verify = Process()
            verify.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
            verify.arguments = ["-Y", "verify", "-f", workspace.root + "/keys/allowed_signers", "-I", "cardprep@demo-bureau",
                                "-n", "cardprep-report", "-s", path + ".sig"]
            verify.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            verify.standardOutput = FileHandle.nullDevice
            verify.standardError = FileHandle.nullDevice
            try verify.run()
            verify.waitUntilExit()
            #expect(verify.terminationStatus == 0, "\(name)")
        }
    }
}
