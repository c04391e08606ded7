import CardPrepCore
import CardPrepCrypto
import CardPrepIO
import Foundation
import Testing

@testable import CardPrepStages

/// The job file is the same whatever order the card data lists its branches in: cards of a branch the file
/// has not reached wait in an encrypted spool in the work folder, which is gone afterwards.
@Suite struct JobFileWriterTests {
    let station = AgeX25519Identity.generate()
    let dataKey = AgeX25519Identity.generate()

    func machine(traySize: Int) -> MachineProfile {
        MachineProfile(id: "embosser-1", station: .embosser, layout: .embossText, unicodeNames: false, traySize: traySize,
                       encodesChip: true, recipients: [station.recipient])
    }

    /// A job of `perBranch` cards at HQ (order line 1) then BR01 (order line 2), in batches of `traySize`.
    func job(perBranch: Int, traySize: Int) -> JobPlan.PlannedJob {
        let runs = [(1, "HQ"), (2, "BR01")].enumerated().map { index, branch in
            JobManifest.BatchRun(
                branch: branch.1, orderLines: [branch.0], firstSequence: 1 + index * perBranch, cards: perBranch, traySize: traySize,
                firstNumber: 1 + index * ((perBranch + traySize - 1) / traySize))
        }
        return JobPlan.PlannedJob(id: "J01", machine: machine(traySize: traySize), product: "DEBIT", runs: runs)
    }

    func record(_ number: Int, branch: String) -> CardDataRecord {
        let payload = "410000" + String(format: "%09d", number)
        return CardDataRecord(
            recordNumber: number, orderLine: branch == "HQ" ? 1 : 2, productCode: "DEBIT", branchCode: branch,
            cardNumber: payload + String(CardNumber.luhnCheckDigit(for: payload)), expiry: "2911",
            cardholderName: ["José García", "ZOË O'BRIEN", "Anna Lee"][number % 3], serviceCode: "201", holderType: "",
            validFrom: "", validUntil: "")
    }

    func writer(_ job: JobPlan.PlannedJob, in folder: String) throws -> JobFileWriter {
        let address = PostalAddress(street: ["1 High Street"], city: "London", postalCode: "EC1A 1AA", country: "GB")
        return try JobFileWriter(job: job, outbox: folder, carrierAddresses: ["HQ": address, "BR01": address],
                                 spoolFolder: folder, dataKey: ([dataKey.recipient], [dataKey]))
    }

    func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes the job from `records` in a new folder; returns the job file's plaintext and what is left beside it.
    func write(_ job: JobPlan.PlannedJob, _ records: [CardDataRecord]) throws -> (text: String, leftovers: [String]) {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try writer(job, in: folder)
        let routes = JobRoutes(writers: [writer])
        for record in records { try routes.send(record, dropID: "drop") }
        _ = try writer.finish()
        let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: writer.path), identities: [station])
        let text = String(decoding: try source.readAll(), as: UTF8.self)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != writer.fileName }
        return (text, leftovers)
    }

    @Test(arguments: [1, 2, 4])
    func fillingInBatchesOnSeveralThreadsGivesTheSameJobFile(workers: Int) throws {
        let job = job(perBranch: 1500, traySize: 400)
        let hq = (1...1500).map { record($0, branch: "HQ") }
        let branch = (1501...3000).map { record($0, branch: "BR01") }
        let records = Array(branch[0..<500]) + zip(hq[0..<1000], branch[500...]).flatMap { [$0, $1] } + hq[1000...]
        let expected = try write(job, hq + branch)
        var total = HashTotal()
        for record in records { total.add(record.cardNumber) }
        let text = ([CardDataFile.header(customer: "c01", drop: "d1", orderID: "ORD-1", created: "2026-11-01")]
            + records.map(\.line) + [CardDataFile.trailer(count: records.count, hashTotal: total)]).joined(separator: "\n") + "\n"
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try writer(job, in: folder)
        var filling = JobFilling(
            reader: try CardDataReader(source: MemoryByteSource(Array(text.utf8)), contract: .cardPrepDefault),
            contract: .cardPrepDefault, routes: JobRoutes(writers: [writer]), rejected: [7, 1600], dropID: "drop",
            workers: workers, batchSize: 900)
        try filling.run()
        #expect(throws: TransformError.self) { try writer.finish() }  // two rejected records leave the plan two cards short
        let complete = try self.writer(job, in: folder)
        var again = JobFilling(
            reader: try CardDataReader(source: MemoryByteSource(Array(text.utf8)), contract: .cardPrepDefault),
            contract: .cardPrepDefault, routes: JobRoutes(writers: [complete]), rejected: [], dropID: "drop",
            workers: workers, batchSize: 900)
        try again.run()
        _ = try complete.finish()
        let source = try AgeDecryptingSource(wrapping: try FileByteSource(path: complete.path), identities: [station])
        #expect(String(decoding: try source.readAll(), as: UTF8.self) == expected.text)
    }

    @Test func interleavedBranchesGiveTheSameJobFileAsSortedOnes() throws {
        let job = job(perBranch: 700, traySize: 300)
        let hq = (1...700).map { record($0, branch: "HQ") }
        let branch = (701...1400).map { record($0, branch: "BR01") }
        let sorted = try write(job, hq + branch)
        // BR01 first, then interleaved, then the rest of HQ: BR01 must wait for HQ to finish.
        let shuffled = Array(branch[0..<300]) + zip(hq[0..<400], branch[300...]).flatMap { [$0, $1] } + hq[400...]
        let interleaved = try write(job, shuffled)
        #expect(interleaved.text == sorted.text)
        #expect(interleaved.leftovers.isEmpty)
        // Part of BR01 waits, the rest goes straight in once HQ is done.
        let partly = try write(job, Array(hq[0..<350]) + branch[0..<100] + hq[350...] + branch[100...])
        #expect(partly.text == sorted.text)
        #expect(partly.leftovers.isEmpty)
        let lines = sorted.text.split(separator: "\n")
        #expect(lines.first == "#CARDPREP-JOB|1|J01|embosser-1|emboss-text|1400")
        #expect(lines.last == "#END|1400")
        #expect(lines[1].hasPrefix("1|J01-B001|4100 0000 0000 001"))
        #expect(lines[701].hasPrefix("701|J01-B004|"))
    }

    @Test func cardsBeyondThePlanAreLeftOutAndMissingOnesFailTheJob() throws {
        let job = job(perBranch: 3, traySize: 2)
        let hq = (1...4).map { record($0, branch: "HQ") }
        let branch = (5...7).map { record($0, branch: "BR01") }
        let result = try write(job, branch + hq)
        #expect(result.text.split(separator: "\n").count == 8)
        #expect(!result.text.contains("4100 0000 0000 004"))
        #expect(throws: TransformError.self) { try write(job, Array(hq[0..<3]) + branch[0..<2]) }
    }

    @Test func aFailedJobLeavesNoSpoolBehind() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let records = [record(5, branch: "BR01"), record(1, branch: "HQ")]
        do {
            let writer = try writer(job(perBranch: 3, traySize: 2), in: folder)
            let routes = JobRoutes(writers: [writer])
            for record in records { try routes.send(record, dropID: "drop") }
            let spool = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasPrefix(".segment-J01-") })
            #expect(spool.hasSuffix(".tmp"), "named so that recovery after a kill removes it")
            let bytes = try #require(FileManager.default.contents(atPath: folder + "/" + spool))
            #expect(bytes.starts(with: Data("age-encryption.org/v1".utf8)))
            #expect(throws: TransformError.self) { _ = try writer.finish() }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
