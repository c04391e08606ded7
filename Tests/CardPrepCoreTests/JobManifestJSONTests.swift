import CardPrepIO
import Foundation
import Testing

@testable import CardPrepCore

/// The job manifest written a piece at a time, with its batches made from runs of trays: the same bytes as
/// `JSONEncoder`, and the same batches as listing them one by one.
@Suite struct JobManifestJSONTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func written(_ manifest: JobManifest) throws -> [UInt8] {
        var sink = MemoryByteSink()
        try manifest.writeJSON(to: &sink)
        return sink.bytes
    }

    static func job(_ id: String, runs: [JobManifest.BatchRun], file: String = "emb-01/job.age") -> JobManifest.Job {
        JobManifest.Job(
            id: id, machine: "emb-01", station: .embosser, product: "DEBIT", layout: "fixed-width", file: file,
            sha256: String(repeating: "ab", count: 32), cards: runs.reduce(0) { $0 + $1.cards }, runs: runs)
    }

    @Test func runsOfTraysAreTheBatchesOneByOne() {
        let runs = [
            JobManifest.BatchRun(
                branch: "BR-01", orderLines: [1, 3], firstSequence: 1, cards: 600, traySize: 250, firstNumber: 1),
            JobManifest.BatchRun(branch: "BR-02", orderLines: [2], firstSequence: 601, cards: 250, traySize: 250, firstNumber: 4),
        ]
        let job = Self.job("aaaaaaaaaaaa-J01", runs: runs)
        #expect(job.batchCount == 4)
        #expect(
            job.batches == [
                .init(id: "aaaaaaaaaaaa-J01-B001", branch: "BR-01", orderLines: [1, 3], firstSequence: 1, cards: 250),
                .init(id: "aaaaaaaaaaaa-J01-B002", branch: "BR-01", orderLines: [1, 3], firstSequence: 251, cards: 250),
                .init(id: "aaaaaaaaaaaa-J01-B003", branch: "BR-01", orderLines: [1, 3], firstSequence: 501, cards: 100),
                .init(id: "aaaaaaaaaaaa-J01-B004", branch: "BR-02", orderLines: [2], firstSequence: 601, cards: 250),
            ])
        #expect(runs[0].batchID(job: "J", cardAt: 249) == "J-B001")
        #expect(runs[0].batchID(job: "J", cardAt: 250) == "J-B002")
        #expect(runs[0].batchID(job: "J", cardAt: 600) == "J-B003", "past the end stays in the last batch")
        #expect(JobManifest.BatchRun.batchID(job: "J", number: 1234) == "J-B1234")
    }

    @Test(arguments: [0, 1, 2])
    func theWrittenBytesAreWhatJSONEncoderWrites(shape: Int) throws {
        let many = JobManifest.BatchRun(
            branch: "BR/\"1\"", orderLines: [1], firstSequence: 1, cards: 1200, traySize: 1, firstNumber: 1)
        let jobs: [JobManifest.Job] =
            switch shape {
            case 0: []
            case 1: [Self.job("d-J01", runs: [])]
            default:
                [
                    Self.job("d-J01", runs: [many], file: "a/b\\c\u{1}\u{8}\u{c}\u{1f}é"),
                    Self.job(
                        "d-J02",
                        runs: [
                            .init(branch: "BR-02", orderLines: [], firstSequence: 1, cards: 3, traySize: 2, firstNumber: 1)
                        ]),
                ]
            }
        let lines =
            shape == 0
            ? []
            : [
                JobManifest.LineCount(orderLine: 1, product: "DEBIT", branch: "BR-01", ordered: 10, accepted: 9, rejected: 1),
                JobManifest.LineCount(
                    orderLine: 2, product: "Débit \"x\"\n", branch: "BR-02", ordered: 3, accepted: 3, rejected: 0),
            ]
        let manifest = JobManifest(
            dropID: "d", customer: "cust/01", orderID: "ORD\t1", contract: "CT-1", created: "2026-11-30T06:00:00Z", jobs: jobs,
            lines: lines)
        let written = try Self.written(manifest)
        #expect(written == Array(try Self.encoder.encode(manifest)))
        #expect(try JSONDecoder().decode(JobManifest.self, from: Data(written)) == manifest)
    }
}
