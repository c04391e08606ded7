import CardPrepCore
import Foundation
import Testing

/// `cardprep trace` after the sample drop went through the whole pipeline to the vault: every card's chain is still
/// there, from the ledger alone, and the floor's reports travel in the bundle.
@Suite struct TraceCommandTests {
    private func json(_ outcome: BuiltExecutable.Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    }

    private func cards(_ outcome: BuiltExecutable.Outcome) throws -> [[String: Any]] {
        let object = try json(outcome)
        #expect(object["format"] as? String == "cardprep-trace/1")
        return try #require(object["cards"] as? [[String: Any]])
    }

    @Test func everyCardIsTracedAfterTheDropIsArchived() throws {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.contains("1 archived"), "\(run.standardOutput)")
        var printed = ""

        // The remake of a spoiled card: both attempts at the position, the spoiled one with its destruction record.
        let bySerial = try workspace.cardprep(["trace", workspace.pipeline, "--serial", "CD000005", "--json"])
        printed += bySerial.standardOutput
        #expect(bySerial.status == 0, "\(bySerial.standardError)")
        let found = try cards(bySerial)
        #expect(found.count == 1, "\(bySerial.standardOutput)")
        let card = try #require(found.first)
        #expect(card["dropState"] as? String == "archived")
        #expect((card["bundle"] as? String)?.hasSuffix(".tar.zst.age") == true)
        #expect((card["job"] as? String)?.hasSuffix("-J01") == true)
        #expect((card["batch"] as? String)?.hasSuffix("-J01-B001") == true)
        #expect(card["position"] as? Int == 4)
        #expect(card["machine"] as? String != nil)
        let made = try #require(card["made"] as? [[String: Any]])
        #expect(made.map { $0["serial"] as? String } == ["CD000004", "CD000005"])
        #expect(made.map { $0["status"] as? String } == ["spoiled", "good"])
        #expect(made.allSatisfy { $0["station"] as? String == "emb-01" && $0["operator"] as? String == "op-17" })
        #expect((made[0]["destruction"] as? [String: Any])?["id"] as? String == "DES-2026-0007")
        #expect(made[1]["destruction"] == nil)
        let shipment = try #require(card["shipment"] as? [String: Any])
        #expect(shipment["id"] as? String == "SHP-0001")
        #expect(shipment["box"] as? Int == 1 && shipment["boxes"] as? Int == 1)
        #expect((card["receipt"] as? [String: Any])?["receivedBy"] as? String == "Claire Martin")
        let masked = try #require(card["masked"] as? String)
        let initials = try #require(card["initials"] as? String)
        #expect(masked.contains("******") && initials.hasSuffix("."))

        // The same card by its masked number and initials, in text.
        let byMasked = try workspace.cardprep(["trace", workspace.pipeline, "--masked", masked, "--initials", initials])
        printed += byMasked.standardOutput
        #expect(byMasked.status == 0, "\(byMasked.standardError)")
        #expect(byMasked.standardOutput.contains("1 card(s) found"), "\(byMasked.standardOutput)")
        for words in ["cust-01/drop-20261101-01", "-J01-B001", "CD000004  spoiled (embossing misaligned)", "CD000005  good",
                      "emb-01, operator op-17", "DES-2026-0007", "SHP-0001 to HQ, box 1 of 1", "by Claire Martin"] {
            #expect(byMasked.standardOutput.contains(words), "\(words): \(byMasked.standardOutput)")
        }

        // Every card of the drop, each made, shipped and received.
        let byDrop = try workspace.cardprep(["trace", workspace.pipeline, "--drop", "cust-01/drop-20261101-01", "--json"])
        printed += byDrop.standardOutput
        #expect(byDrop.status == 0, "\(byDrop.standardError)")
        let all = try cards(byDrop)
        #expect(all.count == 24)
        #expect(Set(all.compactMap { $0["job"] as? String }).count == 2)
        for each in all {
            let made = each["made"] as? [[String: Any]] ?? []
            #expect(made.contains { $0["status"] as? String == "good" }, "\(each)")
            #expect(each["shipment"] != nil && each["receipt"] != nil, "\(each)")
        }

        // The full number, read from standard input and only hashed, finds its card.
        let numbers = try SampleWorkspace.sampleCardNumbers()
        let number = numbers[0]
        let byNumber = try BuiltExecutable(name: "cardprep").run(
            ["trace", workspace.pipeline, "--card-number-stdin", "--json"], input: Data((number + "\n").utf8), in: workspace.folder.url,
            environment: ["TMPDIR": workspace.temporary])
        printed += byNumber.standardOutput + byNumber.standardError
        #expect(byNumber.status == 0, "\(byNumber.standardError)")
        let traced = try cards(byNumber)
        #expect(traced.count == 1)
        #expect(traced.first?["record"] as? Int == 1)
        #expect(traced.first?["masked"] as? String == CardNumber.masked(number))
        #expect((traced.first?["made"] as? [Any])?.isEmpty == false)

        // Not a card: "no card found", exit 0.
        let unknown = try workspace.cardprep(["trace", workspace.pipeline, "--serial", "CD999999"])
        #expect(unknown.status == 0)
        #expect(unknown.standardOutput.contains("no card found"))

        // The number is nowhere: not in the ledger, logs, vault or output, nor in what trace printed.
        #expect(try SampleWorkspace.files(under: workspace.output, containing: numbers) == [])
        #expect(try SampleWorkspace.files(under: workspace.temporary, containing: numbers) == [])
        #expect(!numbers.contains { printed.contains($0) })
    }

    @Test func aCardOfAnInspectedDropNamesItsLotAndWhetherItWasSampled() throws {
        let workspace = try SampleWorkspace(stages: ["ingest", "validate", "transform", "reconcile", "inspect", "archive"])
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 0, "\(first.standardOutput)\(first.standardError)")
        try workspace.addPeople(["carol"])
        let lotsOutput = try workspace.cardprep(["qa", "lots", workspace.pipeline, "--json"])
        let lots = try #require((try JSONSerialization.jsonObject(with: Data(lotsOutput.standardOutput.utf8)) as? [String: Any])?["lots"] as? [[String: Any]])
        var sampledSerials: Set<String> = []
        for lot in lots {
            let id = lot["lot"] as! String
            let sample = try workspace.cardprep(["qa", "sample", workspace.pipeline, "--lot", id, "--seed", String(repeating: "ab", count: 32), "--json"])
            let drawn = try #require(try JSONSerialization.jsonObject(with: Data(sample.standardOutput.utf8)) as? [String: Any])
            let serials = drawn["serials"] as! [String]
            sampledSerials.formUnion(serials)
            let file = workspace.root + "/results-\(id).csv"
            try ("serial,class,code,inspector\n" + serials.map { "\($0),none,,carol\n" }.joined()).write(toFile: file, atomically: true, encoding: .utf8)
            let recorded = try workspace.cardprepSigned(["qa", "record", workspace.pipeline, "--lot", id, "--inspector", "carol", file])
            #expect(recorded.status == 0, "\(recorded.standardOutput)\(recorded.standardError)")
        }
        let second = try workspace.cardprep(["run", workspace.pipeline])
        #expect(second.standardOutput.contains("1 archived"), "\(second.standardOutput)\(second.standardError)")

        let all = try cards(try workspace.cardprep(["trace", workspace.pipeline, "--drop", "cust-01/drop-20261101-01", "--json"]))
        #expect(all.count == 24)
        var seenSampled = false, seenUnsampled = false
        for card in all {
            for make in card["made"] as? [[String: Any]] ?? [] where make["status"] as? String == "good" {
                let lot = try #require(make["lot"] as? [String: Any], "\(make)")
                let serial = make["serial"] as! String
                #expect(lots.contains { $0["lot"] as? String == lot["id"] as? String })
                #expect(lot["sampled"] as? Bool == sampledSerials.contains(serial))
                #expect(lot["decision"] as? String == "accepted")
                if sampledSerials.contains(serial) { seenSampled = true } else { seenUnsampled = true }
            }
        }
        #expect(seenSampled)
        let serial = try #require(sampledSerials.sorted().first)
        let text = try workspace.cardprep(["trace", workspace.pipeline, "--serial", serial])
        #expect(text.standardOutput.contains("QA lot") && text.standardOutput.contains(", sampled, accepted"), "\(text.standardOutput)")
        _ = seenUnsampled
    }

    @Test func theFloorsReportsTravelInTheBundle() throws {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let vault = workspace.output + "/vault"
        let bundle = try #require(FileManager.default.enumerator(atPath: vault)?.compactMap { $0 as? String }
            .first { $0.hasSuffix(".tar.zst.age") })
        let list = Process()
        list.executableURL = URL(fileURLWithPath: "/bin/sh")
        list.arguments = ["-c", "age -d -i '\(workspace.root)/keys/vault.agekey' '\(vault)/\(bundle)' | bsdtar -xOf - floor/production.csv"]
        let out = Pipe()
        list.standardOutput = out
        try list.run()
        let production = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        list.waitUntilExit()
        let fixture = try String(contentsOfFile: SampleWorkspace.packageRoot + "/Fixtures/reconcile/clean/ORD-20261101-01/production.csv",
                                 encoding: .utf8)
        #expect(production == fixture)
        let names = Process()
        names.executableURL = URL(fileURLWithPath: "/bin/sh")
        names.arguments = ["-c", "age -d -i '\(workspace.root)/keys/vault.agekey' '\(vault)/\(bundle)' | bsdtar -tf -"]
        let listed = Pipe()
        names.standardOutput = listed
        try names.run()
        let entries = String(decoding: listed.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        names.waitUntilExit()
        for name in ["production.csv", "shipping.csv", "receipts.csv", "stock.csv", "destruction.csv"] {
            #expect(entries.contains { $0 == "floor/" + name }, "\(name): \(entries)")
        }
    }

    @Test func aCommandLineWithoutOneQueryIsRefused() throws {
        let workspace = try SampleWorkspace()
        #expect(try workspace.cardprep(["trace", workspace.pipeline]).status == 64)
        #expect(try workspace.cardprep(["trace", workspace.pipeline, "--masked", "411111******1111"]).status == 64)
        #expect(try workspace.cardprep(["trace", workspace.pipeline, "--masked", "4111111111111111", "--initials", "J.D."]).status == 64)
        let notANumber = try BuiltExecutable(name: "cardprep").run(
            ["trace", workspace.pipeline, "--card-number-stdin"], input: Data("4111-abc\n".utf8), in: workspace.folder.url)
        #expect(notANumber.status == 64)
        #expect(!notANumber.standardError.contains("4111"))
    }
}

@Suite struct TraceHelpTests {
    @Test func traceHelpShowsEveryQueryWithAnExample() throws {
        let outcome = try BuiltExecutable(name: "cardprep").run(["trace", "--help"])
        #expect(outcome.status == 0)
        for text in ["--serial", "--masked", "--initials", "--drop", "--card-number-stdin", "--json", "no card found",
                     "Examples: cardprep trace"] {
            #expect(outcome.standardOutput.contains(text), "\(text)")
        }
    }
}
