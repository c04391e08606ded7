import Foundation
import Testing

/// The sample drop through the whole pipeline with production reports that do and do not add up.
@Suite struct ReconcilePipelineTests {
    @Test func aDiscrepancyStopsTheDropBeforeArchiveUntilTheReportsAddUp() throws {
        let workspace = try SampleWorkspace(production: "short-shipped")
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 4, "\(first.standardOutput)\(first.standardError)")
        #expect(first.standardOutput.contains("reconcile    ORD-20261101-01  1 discrepancy(ies)"))
        #expect(first.standardOutput.contains("archive: 0 drop(s)"))
        let work = try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/work")
        #expect(work.count == 1)
        let report = workspace.output + "/work/" + work[0] + "/reconcile/report.html"
        #expect(FileManager.default.fileExists(atPath: report))
        let status = try workspace.cardprep(["status", workspace.pipeline])
        #expect(status.standardOutput.contains("cust-01/drop-20261101-01  discrepancy since"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("1 finding(s): delivery-quantity"), "\(status.standardOutput)")
        // Running again with the same reports changes nothing.
        let again = try workspace.cardprep(["run", workspace.pipeline])
        #expect(again.standardOutput.contains("reconcile: 0 drop(s)"), "\(again.standardOutput)")

        // Shipping sends the corrected manifest: the drop reconciles and is archived.
        try FileManager.default.removeItem(atPath: workspace.root + "/production")
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/reconcile/clean", toPath: workspace.root + "/production")
        let fixed = try workspace.cardprep(["run", workspace.pipeline])
        #expect(fixed.status == 0, "\(fixed.standardOutput)\(fixed.standardError)")
        #expect(fixed.standardOutput.contains("reconcile    ORD-20261101-01  reconciled"))
        #expect(fixed.standardOutput.contains("1 archived"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/work").isEmpty)
    }

    @Test func dropsWaitForTheirProductionResults() throws {
        let workspace = try SampleWorkspace(production: nil)
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("archive: 0 drop(s)") || !run.standardOutput.contains("archived"))
        let status = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(json["waitingForProduction"] as? [String] == ["cust-01/drop-20261101-01"])
    }

    @Test func deliveryListsAreSignedWithTheBureauKey() throws {
        let workspace = try SampleWorkspace(stages: ["ingest", "validate", "transform", "reconcile"])
        #expect(try workspace.cardprep(["run", workspace.pipeline]).status == 0)
        let work = try FileManager.default.contentsOfDirectory(atPath: workspace.output + "/work")
        let folder = workspace.output + "/work/" + work[0] + "/reconcile"
        let lists = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("delivery-list-") && $0.hasSuffix(".txt") }
        #expect(!lists.isEmpty)
        for list in lists {
            let verify = Process()
            verify.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
            verify.arguments = ["-Y", "verify", "-f", workspace.root + "/keys/allowed_signers", "-I", "cardprep@demo-bureau",
                                "-n", "cardprep-delivery", "-s", folder + "/" + list + ".sig"]
            verify.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: folder + "/" + list))
            verify.standardOutput = FileHandle.nullDevice
            verify.standardError = FileHandle.nullDevice
            try verify.run()
            verify.waitUntilExit()
            #expect(verify.terminationStatus == 0, "\(list)")
        }
    }
}
