import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// Job files hold full card data: they leave the stations' outbox once their production results are back.
@Suite struct JobFileOutboxTests {
    /// `production.csv` reporting every card of `jobs` made good.
    static func production(for manifest: JobManifest, jobs: Set<String>) -> String {
        var text = "job,batch,sequence,serial,status,reason,station,operator,time\n"
        var serial = 0
        for job in manifest.jobs where jobs.contains(job.id) {
            for batch in job.batches {
                for sequence in batch.firstSequence..<(batch.firstSequence + batch.cards) {
                    serial += 1
                    text += "\(job.id),\(batch.id),\(sequence),\(String(format: "CS%08d", serial)),good,,st-1,op-1,2026-11-03T09:00:00Z\n"
                }
            }
        }
        return text
    }

    @Test func aJobFileLeavesTheOutboxWhenItsResultsComeBackAndStatusListsTheOthers() throws {
        let fixture = try IngestFixture(customers: 1, stages: ["ingest", "validate", "transform", "reconcile"])
        let first = try fixture.run()
        let manifest = try #require(first.transform?.manifests.first)
        try #require(manifest.jobs.count == 2)
        let ledger = try fixture.ledger()
        #expect(try ledger.jobFilesOut().map(\.jobID) .sorted() == manifest.jobs.map(\.id).sorted())
        let status = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date().addingTimeInterval(3600))
        #expect(status.jobFilesOut.count == 2 && status.jobFilesOut.allSatisfy { $0.ageSeconds >= 3600 })
        #expect(status.text.contains("job files in the stations' outbox: 2"))

        // The embosser reports its job; the other station has not yet.
        let reported = manifest.jobs[0]
        let folder = fixture.pipeline.productionInputs + "/" + manifest.orderID
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.production(for: manifest, jobs: [reported.id]).write(toFile: folder + "/production.csv", atomically: true, encoding: .utf8)
        let second = try fixture.run()
        #expect(second.reconcile?.count == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.pipeline.jobsOutbox + "/" + reported.file), "the reported job's file is gone")
        #expect(FileManager.default.fileExists(atPath: fixture.pipeline.jobsOutbox + "/" + manifest.jobs[1].file))
        #expect(try ledger.jobFilesOut().map(\.jobID) == [manifest.jobs[1].id])
        let removal = try #require(try ledger.auditEntries().first { $0.event == "jobfile.removed" })
        #expect(removal.details.contains("job=\(reported.id)") && removal.details.contains("reason=production results returned"))

        // The rest of the results arrive: no job file of the drop is left.
        try Self.production(for: manifest, jobs: Set(manifest.jobs.map(\.id)))
            .write(toFile: folder + "/production.csv", atomically: true, encoding: .utf8)
        _ = try fixture.run()
        #expect(try ledger.jobFilesOut().isEmpty)
        for job in manifest.jobs { #expect(!FileManager.default.fileExists(atPath: fixture.pipeline.jobsOutbox + "/" + job.file)) }
        #expect(try ledger.jobFiles().allSatisfy { $0.removedBecause == "production results returned" })
    }
}
