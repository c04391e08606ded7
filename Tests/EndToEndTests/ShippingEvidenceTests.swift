import Foundation
import Testing

/// The sample drop through the whole pipeline: its shipping plan (`cardprep shipping`), the floor's copy of it, and a
/// trace's signed HTML evidence page after the drop is archived, verified with the printed `ssh-keygen` command.
@Suite struct ShippingEvidenceTests {
    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theShippingPlanIsKeptShownAndWrittenForTheFloor() throws {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")

        let shown = try workspace.cardprep(["shipping", "plan", workspace.pipeline, "cust-01/drop-20261101-01", "--json"])
        #expect(shown.status == 0, "\(shown.standardError)")
        let plan = try object(shown.standardOutput)
        #expect(plan["format"] as? String == "cardprep-shipping-plan/1")
        #expect(plan["orderID"] as? String == "ORD-20261101-01")
        #expect(plan["method"] as? String == "air-cargo" && plan["priority"] as? String == "standard")
        #expect(plan["dueDate"] as? String == "2026-11-15")
        let shipments = try #require(plan["shipments"] as? [[String: Any]])
        #expect(shipments.map { $0["branch"] as? String } == ["HQ", "BR01"])
        for shipment in shipments {
            // 6 debit and 6 access cards per branch: a box each (one product a box); 12 cards go by the small air rule.
            let boxes = try #require(shipment["boxes"] as? [[String: Any]])
            #expect(boxes.map { $0["product"] as? String } == ["C01-DEBIT", "C01-ACCESS"])
            #expect(boxes.map { $0["cards"] as? Int } == [6, 6])
            // The order allows 500 a box, the products 250 and 200, a tamper-evident bag 200: the smallest holds.
            #expect(boxes.map { $0["capacity"] as? Int } == [200, 200])
            #expect(shipment["carrier"] as? String == "DHL Express" && shipment["transitDays"] as? Int == 2)
            #expect(shipment["dispatchBy"] as? String == "2026-11-13")
            #expect((shipment["contact"] as? [String: Any])?["name"] as? String == "Card Services")
        }
        #expect((shipments[1]["address"] as? [String: Any])?["city"] as? String == "Eastfield")
        // The plan is made on the day the jobs are issued; it says whether 2026-11-15 can still be met.
        let earliest = try #require(plan["earliestDispatch"] as? String)
        let problems = plan["problems"] as? [Any] ?? []
        #expect(problems.isEmpty == (earliest <= "2026-11-13"), "\(problems)")

        let text = try workspace.cardprep(["shipping", "plan", workspace.pipeline, "cust-01/drop-20261101-01"])
        #expect(text.standardOutput.contains("Shipment 2 to BR01 — Northwind Bank East Branch"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("Carrier: DHL Express (2 day(s) in transit); dispatch by 2026-11-13"))
        let floorCopy = workspace.output + "/outbox/shipping/cust-01_ORD-20261101-01.shipping-plan.txt"
        #expect(try String(contentsOfFile: floorCopy, encoding: .utf8).contains("CARDPREP SHIPPING PLAN"))
        #expect(FileManager.default.fileExists(atPath: workspace.output + "/outbox/shipping/cust-01_ORD-20261101-01.shipping-plan.json"))

        // Archived, the plan is no longer to ship; with --all it is listed.
        let open = try workspace.cardprep(["shipping", "plans", workspace.pipeline, "--json"])
        #expect(try (object(open.standardOutput)["plans"] as? [Any])?.isEmpty == true)
        let all = try workspace.cardprep(["shipping", "plans", workspace.pipeline, "--all"])
        #expect(all.standardOutput.contains("STANDARD due 2026-11-15  order ORD-20261101-01"), "\(all.standardOutput)")
    }

    @Test func theEvidencePageNamesTheChainAndItsSignatureVerifies() throws {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("1 archived"), "\(run.standardOutput)")
        let page = workspace.root + "/evidence CD000005.html"
        let traced = try workspace.cardprep(["trace", workspace.pipeline, "--serial", "CD000005", "--evidence", page])
        #expect(traced.status == 0, "\(traced.standardError)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        for words in ["Card trace evidence", "sample-test", "Northwind Bank", "cust-01/drop-20261101-01", "archived",
                      "ORD-20261101-01, line 1", "-J01-B001", "CD000004  spoiled (embossing misaligned)", "CD000005  good",
                      "emb-01, operator op-17", "DES-2026-0007", "SHP-0001 to HQ, box 1 of 1 (seal TEB-40017)", "by Claire Martin",
                      "Generated "] {
            #expect(html.contains(words), "\(words)")
        }
        let masked = try #require(html.range(of: #"\d{6}\*+\d{4}"#, options: .regularExpression).map { String(html[$0]) })
        #expect(html.contains("Card " + masked))
        for number in try SampleWorkspace.sampleCardNumbers() { #expect(!html.contains(number)) }

        // The printed command verifies the page as pasted into a shell; a changed page does not verify.
        let command = try #require(traced.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("ssh-keygen -Y verify") })
        #expect(try shell(command) == 0, "\(command)")
        try (html + "<p>CD000099</p>").write(toFile: page, atomically: true, encoding: .utf8)
        #expect(try shell(command) != 0)

        let json = try workspace.cardprep(["trace", workspace.pipeline, "--serial", "CD000005", "--json", "--evidence",
                                           workspace.root + "/e.html"])
        let evidence = try #require(try object(json.standardOutput)["evidence"] as? [String: Any])
        #expect((evidence["verifyCommand"] as? String)?.hasPrefix("ssh-keygen -Y verify") == true)
        #expect(evidence["cards"] as? Int == 1)
    }

    @Test func noCardFoundWritesNoPage() throws {
        let workspace = try SampleWorkspace()
        #expect(try workspace.cardprep(["run", workspace.pipeline]).status == 0)
        let page = workspace.root + "/none.html"
        let traced = try workspace.cardprep(["trace", workspace.pipeline, "--serial", "ZZ999999", "--evidence", page])
        #expect(traced.status == 0)
        #expect(traced.standardOutput.contains("No evidence page written"))
        #expect(!FileManager.default.fileExists(atPath: page))
    }

    private func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A drop whose jobs are issued and whose cards have not left: past the order's due date (2026-11-15; these tests
    /// run later), `status` lists it with how long it is late, in text and JSON; once the drop is reconciled and
    /// archived, it is no longer at risk.
    @Test func statusFlagsAnOrderPastItsDueDateWithCardsNotDispatched() throws {
        let workspace = try SampleWorkspace(stages: ["ingest", "validate", "transform"])
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")

        let text = try workspace.cardprep(["status", workspace.pipeline])
        #expect(text.standardOutput.contains("orders at risk of arriving late: 1"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("PAST DUE "), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("cust-01/drop-20261101-01 (204e54c8) order ORD-20261101-01, standard, due 2026-11-15"))
        #expect(text.standardOutput.contains("24 card(s) due 2026-11-15 are not dispatched"), "\(text.standardOutput)")

        let json = try object(try workspace.cardprep(["status", workspace.pipeline, "--json"]).standardOutput)
        let risks = try #require(json["shippingRisks"] as? [[String: Any]])
        #expect(risks.count == 1)
        #expect(risks.first?["kind"] as? String == "past-due" && risks.first?["dueDate"] as? String == "2026-11-15")
        #expect(risks.first?["state"] as? String == "jobs-issued")
        let late = try #require(risks.first?["ageSeconds"] as? Int)
        let expected = Date().timeIntervalSince(try Date("2026-11-16T00:00:00Z", strategy: .iso8601))
        #expect(abs(Double(late) - expected) < 600, "\(late)")
    }
}
