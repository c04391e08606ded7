import Foundation
import Testing

@Suite struct SamplePipelineTests {
    @Test func theSampleDropIsIngestedAndNoCardNumberIsLeftInClear() throws {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline, "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let drops = try #require(json["ingest"] as? [[String: Any]])
        #expect(drops.map { $0["outcome"] as? String } == ["ingested"])
        #expect((json["summary"] as? String)?.hasPrefix("ingest: 1 drop(s): 1 ingested") == true)

        #expect((json["validate"] as? [[String: Any]])?.first?["accepted"] as? Int == 24)
        #expect((json["transform"] as? [[String: Any]])?.first.flatMap { ($0["jobs"] as? [Any])?.count } == 2)
        let numbers = try SampleWorkspace.sampleCardNumbers()
        #expect(numbers.count == 48)
        // Masked forms would not match: a hit means a full number in clear.
        #expect(try SampleWorkspace.files(under: workspace.output, containing: numbers) == [])
        #expect(try SampleWorkspace.files(under: workspace.temporary, containing: numbers) == [])
        #expect(try SampleWorkspace.files(under: workspace.root + "/inbox", containing: numbers) == [])
        #expect(FileManager.default.fileExists(atPath: workspace.output + "/logs/cardprep.jsonl"))
        // Archived: the bundle verifies, and no working copy or data key of the drop is left.
        let verify = try workspace.cardprep(["vault", "verify", workspace.pipeline, "--read-data"])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/work").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/keys/drops").isEmpty)
    }

    @Test func theSameDropDeliveredAgainIsReportedAsADuplicate() throws {
        let workspace = try SampleWorkspace()
        #expect(try workspace.cardprep(["run", workspace.pipeline]).status == 0)
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/sample-inbox/cust-01",
                                         toPath: workspace.root + "/inbox/cust-01-again")
        try FileManager.default.moveItem(atPath: workspace.root + "/inbox/cust-01-again/drop-20261101-01",
                                         toPath: workspace.root + "/inbox/cust-01/drop-20261101-01")
        let again = try workspace.cardprep(["run", workspace.pipeline])
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("duplicate    cust-01/drop-20261101-01"))
        #expect(again.standardOutput.contains("0 ingested, 1 duplicate"))
        #expect(!again.standardOutput.contains("validated"))
    }

    @Test func aTamperedDropIsQuarantinedWithExitCode3() throws {
        let workspace = try SampleWorkspace()
        let signature = workspace.root + "/inbox/cust-01/drop-20261101-01/MANIFEST.sha256.sig"
        var text = try String(contentsOfFile: signature, encoding: .utf8)
        let index = text.index(text.startIndex, offsetBy: 80)
        text.replaceSubrange(index...index, with: text[index] == "A" ? "B" : "A")
        try text.write(toFile: signature, atomically: true, encoding: .utf8)
        let run = try workspace.cardprep(["ingest", workspace.pipeline])
        #expect(run.status == 3)
        #expect(run.standardOutput.contains("quarantined  cust-01/drop-20261101-01  signature-invalid"))
        let quarantine = try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/quarantine/cust-01")
        #expect(quarantine.contains { $0.hasSuffix(".reason.txt") })
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let workspace = try SampleWorkspace()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.root + "/keys/bureau.agekey")
        let run = try workspace.cardprep(["run", workspace.pipeline])
        // A mistake of the bureau's: the run checks its configuration first and takes no drop (exit 64).
        #expect(run.status == 64, "\(run.standardError)")
        #expect(run.standardError.contains("chmod 600"))
        #expect(FileManager.default.fileExists(atPath: workspace.root + "/inbox/cust-01/drop-20261101-01/MANIFEST.sha256"))
    }

    @Test func aSecondRunWhileTheFirstHoldsTheLockExitsWith75() throws {
        let workspace = try SampleWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.output, withIntermediateDirectories: true)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [workspace.output + "/.lock", "sleep", "5"]
        try holder.run()
        defer { holder.terminate() }
        Thread.sleep(forTimeInterval: 0.3)
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 75)
        #expect(run.standardError.contains("another run holds the lock"))
    }

    @Test func aPipelineWithAMistakeIsRefusedWithItsLine() throws {
        let workspace = try SampleWorkspace()
        let text = try String(contentsOfFile: workspace.pipeline, encoding: .utf8).replacingOccurrences(of: "inbox: inbox", with: "inbx: inbox")
        try text.write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 64)
        #expect(run.standardError.contains("pipeline.yml:3: unknown key 'inbx'"))
    }
}
