import CardPrepCore
import Foundation
import Glibc
import Testing

/// Kills `cardprep run` with SIGKILL at random moments and checks that re-running always ends in exactly the
/// state an uninterrupted run reaches: nothing missing, nothing twice, nothing half-written left behind.
@Suite(.serialized) struct CrashSafetyTests {
    /// A workspace with generated drops (the demo bureau key) and a pipeline over them.
    final class Workspace {
        let folder = try! TemporaryFolder()
        var root: String { folder.url.path }

        init(generatedFrom source: String, stages: String = "ingest, validate, transform, reconcile, archive") throws {
            let fm = FileManager.default
            try fm.copyItem(atPath: source + "/inbox", toPath: root + "/inbox")
            if fm.fileExists(atPath: source + "/production") { try fm.copyItem(atPath: source + "/production", toPath: root + "/production") }
            try fm.copyItem(atPath: source + "/customers", toPath: root + "/customers")
            try fm.createDirectory(atPath: root + "/keys", withIntermediateDirectories: true)
            for name in ["bureau.agekey", "bureau-signing", "fingerprint.key", "vault.agekey", "vault.agekey.pub", "allowed_signers"] {
                try fm.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-" + name, toPath: root + "/keys/" + name)
                try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/keys/" + name)
            }
            try """
                version: 1
                name: crash
                inbox: inbox
                output: out
                customers: customers
                machines: \(SampleWorkspace.packageRoot)/Pipelines/machines
                order_schema: \(SampleWorkspace.packageRoot)/Pipelines/schemas/order-v1.xsd
                production_inputs: production
                stages: [\(stages)]
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
                """.write(toFile: root + "/pipeline.yml", atomically: true, encoding: .utf8)
        }

        func start() throws -> Process {
            let process = Process()
            process.executableURL = BuiltExecutable.productsFolder.appendingPathComponent("cardprep")
            process.arguments = ["run", root + "/pipeline.yml"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        func runToCompletion() throws -> Int32 {
            let process = try start()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func generateDrops() throws -> TemporaryFolder {
        let source = try TemporaryFolder()
        let made = try BuiltExecutable(name: "cardprep").run([
            "fixtures", "generate", "--out", source.url.path + "/inbox", "--customers", "3", "--cards", "800", "--seed", "99",
            "--date", "2026-11-01", "-R", SampleWorkspace.packageRoot + "/Fixtures/keys/demo-bureau.agekey.pub",
            "--profiles", source.url.path + "/customers",
        ])
        #expect(made.status == 0, "\(made.standardError)")
        try FileManager.default.removeItem(atPath: source.url.path + "/inbox/injections.json")
        try writeProductionReports(for: source.url.path)
        return source
    }

    /// What the floor would report back for the generated drops: every planned card made good and shipped to its
    /// branch. Drop and job ids follow from the drops, so a probe run up to transform tells them.
    static func writeProductionReports(for source: String) throws {
        let probe = try Workspace(generatedFrom: source, stages: "ingest, validate, transform")
        #expect(try probe.runToCompletion() == 0)
        for drop in try FileManager.default.contentsOfDirectory(atPath: probe.root + "/out/work") {
            let data = try Data(contentsOf: URL(fileURLWithPath: probe.root + "/out/work/" + drop + "/jobs/jobs.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let orderID = manifest["orderID"] as! String, contract = manifest["contract"] as! String
            var production = "job,batch,sequence,serial,status,reason,station,operator,time\n"
            var shipping = "shipment,contract,branch,boxes,product,cards,batches,carrier,tracking,dispatched\n"
            var receipts = "shipment,received,received_by,boxes\n"
            var serial = 0
            // The floor ships as the shipping plan says: one delivery per branch, by the plan's method, in its boxes.
            let planFile = probe.root + "/out/outbox/shipping/\(manifest["customer"]!)_\(orderID).shipping-plan.json"
            let plan = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planFile))) as? [String: Any])
            let method = plan["method"] as! String
            var plannedBoxes: [String: Int] = [:]
            for shipment in plan["shipments"] as! [[String: Any]] {
                plannedBoxes[shipment["branch"] as! String] = (shipment["boxes"] as! [Any]).count
            }
            var receipted = Set<String>()
            for job in manifest["jobs"] as! [[String: Any]] {
                for batch in job["batches"] as! [[String: Any]] {
                    let first = batch["firstSequence"] as! Int, cards = batch["cards"] as! Int
                    for sequence in first..<(first + cards) {
                        serial += 1
                        production += "\(job["id"]!),\(batch["id"]!),\(sequence),\(String(format: "CS%08d", serial)),good,,st-1,op-1,2026-11-03T09:00:00Z\n"
                    }
                    let branch = batch["branch"] as! String, boxes = plannedBoxes[branch] ?? 1
                    shipping += "SHP-\(orderID)-\(branch),\(contract),\(branch),\(boxes),\(job["product"]!),\(cards),\(batch["id"]!),\(method),TR\(sequenceHash(orderID + branch)),2026-11-05T15:00:00Z\n"
                    if receipted.insert(branch).inserted {
                        receipts += "SHP-\(orderID)-\(branch),2026-11-07T10:00:00Z,Branch Desk,\(boxes)\n"
                    }
                }
            }
            let folder = source + "/production/" + orderID
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try production.write(toFile: folder + "/production.csv", atomically: true, encoding: .utf8)
            try shipping.write(toFile: folder + "/shipping.csv", atomically: true, encoding: .utf8)
            try receipts.write(toFile: folder + "/receipts.csv", atomically: true, encoding: .utf8)
        }
    }

    static func sequenceHash(_ text: String) -> Int { text.unicodeScalars.reduce(7) { ($0 &* 31 &+ Int($1.value)) % 1_000_000 } }

    @Test func killedRunsAlwaysEndInTheStateOfAnUninterruptedRun() throws {
        let source = try Self.generateDrops()
        let reference = try Workspace(generatedFrom: source.url.path)
        let started = Date()
        let referenceRun = try BuiltExecutable(name: "cardprep").run(["run", reference.root + "/pipeline.yml"])
        try #require(referenceRun.status == 0, "\(referenceRun.standardOutput)\(referenceRun.standardError)")
        let fullRun = Date().timeIntervalSince(started)
        let expected = try PipelineState.read(output: reference.root + "/out")
        #expect(expected.drops.count == 3)
        #expect(expected.bundles.count == 6, "a bundle and its signature per drop")
        // Every job file left the outbox once its production results came back; the ledger keeps the record.
        #expect(expected.jobPlaintext.isEmpty)
        #expect(expected.jobFiles.count == 6 && expected.jobFiles.allSatisfy { $0.hasSuffix("production results returned") },
                "\(expected.jobFiles)")
        #expect(expected.leftovers.isEmpty)

        var random = SeededGenerator(seed: 20261122)
        var kills = 0
        var trial = 0
        while kills < 50 && trial < 120 {
            defer { trial += 1 }
            let workspace = try Workspace(generatedFrom: source.url.path)
            let process = try workspace.start()
            usleep(UInt32.random(in: 0...UInt32(fullRun * 900_000), using: &random))
            if process.isRunning { kill(process.processIdentifier, SIGKILL); kills += 1 }
            process.waitUntilExit()
            // A second kill during recovery, on some trials.
            if trial % 5 == 0 {
                let again = try workspace.start()
                usleep(UInt32.random(in: 0...UInt32(fullRun * 500_000), using: &random))
                if again.isRunning { kill(again.processIdentifier, SIGKILL); kills += 1 }
                again.waitUntilExit()
            }
            #expect(try workspace.runToCompletion() == 0, "trial \(trial)")
            let state = try PipelineState.read(output: workspace.root + "/out")
            #expect(state.drops.map { String($0.split(separator: " ")[0]) } == expected.drops.map { String($0.split(separator: " ")[0]) },
                    "trial \(trial)")
            #expect(state.drops == expected.drops, "trial \(trial)")
            #expect(state.deliveries == expected.deliveries, "trial \(trial)")
            #expect(state.steps == expected.steps, "trial \(trial)")
            #expect(state.auditEvents.filter { !$0.hasPrefix("-") && !$0.hasSuffix("bundle.unrecorded-removed") } == expected.auditEvents,
                    "trial \(trial)")
            #expect(state.received == expected.received, "trial \(trial)")
            #expect(state.workPlaintext == expected.workPlaintext, "trial \(trial)")
            #expect(state.jobPlaintext == expected.jobPlaintext, "trial \(trial)")
            #expect(state.jobFiles == expected.jobFiles, "trial \(trial)")
            #expect(state.bundles == expected.bundles, "trial \(trial)")
            #expect(state.fingerprints == expected.fingerprints, "trial \(trial)")
            if trial % 10 == 0 {
                #expect(try workspace.runToCompletion() == 0, "trial \(trial): a run after completion")
                let verify = try BuiltExecutable(name: "cardprep").run(["vault", "verify", workspace.root + "/pipeline.yml", "--read-data"])
                #expect(verify.status == 0, "trial \(trial): \(verify.standardOutput)")
            }
            #expect(state.dataKeys == expected.dataKeys, "trial \(trial)")
            #expect(state.leftovers.isEmpty, "trial \(trial): \(state.leftovers)")
            #expect(state.auditFaults == 0, "trial \(trial)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.root + "/inbox").allSatisfy {
                try FileManager.default.contentsOfDirectory(atPath: workspace.root + "/inbox/" + $0).isEmpty
            }, "trial \(trial)")
        }
        #expect(kills >= 50, "only \(kills) runs were still running when killed")
    }
}

/// Two nightly runs started at once: one works, the other exits with the "locked" code and changes nothing.
@Suite(.serialized) struct ConcurrentRunTests {
    @Test func twoRunsAtOnceGiveOneRunAndOneLockedExit() throws {
        let source = try CrashSafetyTests.generateDrops()
        let workspace = try CrashSafetyTests.Workspace(generatedFrom: source.url.path)
        let first = try workspace.start()
        var second: BuiltExecutable.Outcome?
        // Start the second run while the first is still working (it holds the lock from its start).
        for _ in 0..<50 where first.isRunning && second == nil {
            usleep(20_000)
            if FileManager.default.fileExists(atPath: workspace.root + "/out/ledger.sqlite") {
                second = try BuiltExecutable(name: "cardprep").run(["run", workspace.root + "/pipeline.yml"])
            }
        }
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let outcome = try #require(second, "the first run ended before a second could be started")
        #expect(outcome.status == 75, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardError.contains("another run holds the lock"))
        let state = try PipelineState.read(output: workspace.root + "/out")
        #expect(state.drops.count == 3)
        #expect(state.deliveries.allSatisfy { $0.hasSuffix("first") })
        // With --wait, a second run waits for the first and then finds nothing left to do.
        let waited = try BuiltExecutable(name: "cardprep").run(["run", workspace.root + "/pipeline.yml", "--wait"])
        #expect(waited.status == 0)
        #expect(waited.standardOutput.contains("ingest: 0 drop(s)"))
    }
}
