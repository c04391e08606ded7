@testable import CardPrepStages
import Foundation
import Testing

/// The bench's arithmetic, table and JSON shape, on small made-up measurements.
@Suite struct BenchReportTests {
    static let report = BenchReport(
        cards: 1_000_000, plaintextBytes: 250_000_000,
        stages: [
            .init(name: "ingest", seconds: 2, cpuSeconds: 3, peakRSSBytes: 40 * 1_048_576, cards: 1_000_000, plaintextBytes: 250_000_000),
            .init(name: "validate", seconds: 4, cpuSeconds: 7, peakRSSBytes: 60 * 1_048_576, cards: 1_000_000, plaintextBytes: 250_000_000),
            .init(name: "transform", seconds: 3, cpuSeconds: 5, peakRSSBytes: 50 * 1_048_576, cards: 1_000_000, plaintextBytes: 250_000_000),
            .init(name: "archive", seconds: 1, cpuSeconds: 1, peakRSSBytes: 30 * 1_048_576, cards: 1_000_000, plaintextBytes: 250_000_000),
        ],
        floor: [.init(name: "age -d", seconds: 1), .init(name: "age -d | zstd -3", seconds: 2.5), .init(name: "age -d | sha256sum", seconds: 1.5)]
    )

    @Test func ratesAndTotalsAreDerivedFromTheMeasurements() {
        let report = Self.report
        #expect(report.stages[0].cardsPerSecond == 500_000)
        #expect(report.stages[0].mbPerSecond == 125)
        #expect(report.pipelineSeconds == 10)
        #expect(report.floorSeconds == 5)
        #expect(report.ratio == 2)
        #expect(report.peakRSSBytes == 60 * 1_048_576)
        #expect(report.stages[1].cardsPerCPUSecond == 1_000_000 / 7.0)
        #expect(report.stages[1].cpuMicrosecondsPerCard == 7)
        #expect(report.pipelineCPUSeconds == 16)
    }

    @Test func nothingMeasuredGivesZeroRatesNotInfinity() throws {
        let report = BenchReport(cards: 10, plaintextBytes: 100, stages: [.init(name: "ingest", seconds: 0, peakRSSBytes: 0, cards: 10, plaintextBytes: 100)], floor: [])
        #expect(report.stages[0].cardsPerSecond == 0 && report.ratio == 0 && report.floorSeconds == 0)
        _ = try JSONEncoder().encode(report)
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.report)) as? [String: Any])
        #expect(Set(object.keys) == ["cards", "plaintextBytes", "stages", "floor", "pipelineSeconds", "floorSeconds", "ratio", "peakRSSBytes", "pipelineCPUSeconds"])
        let stage = try #require((object["stages"] as? [[String: Any]])?.first)
        #expect(Set(stage.keys) == ["name", "seconds", "cpuSeconds", "cardsPerCPUSecond", "cpuMicrosecondsPerCard", "cardsPerSecond", "mbPerSecond", "peakRSSBytes"])
        let floor = try #require((object["floor"] as? [[String: Any]])?.first)
        #expect(Set(floor.keys) == ["name", "seconds"])
        #expect(try JSONDecoder().decode(BenchReport.self, from: JSONEncoder().encode(Self.report)) == Self.report)
    }

    @Test func tableShowsEveryStageTheFloorAndTheRatio() {
        let lines = BenchTable.render(Self.report).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "1,000,000 cards, 250.0 MB of card data")
        #expect(lines[2] == "stage      seconds  CPU s  CPU µs/card    cards/s   MB/s  peak RSS")
        #expect(lines[4] == "ingest        2.00   3.00          3.0    500,000  125.0  40.0 MiB")
        #expect(lines[5] == "validate      4.00   7.00          7.0    250,000   62.5  60.0 MiB")
        #expect(lines[8] == "pipeline     10.00  16.00         16.0    100,000   25.0  60.0 MiB")
        #expect(lines.contains("age -d | zstd -3       2.50"))
        #expect(lines.contains("floor total            5.00"))
        #expect(lines.contains("ratio pipeline ÷ floor: 2.00"))
    }

    @Test(arguments: [(0.0, "0"), (999, "999"), (1000, "1,000"), (1_234_567.4, "1,234,567"), (-1500, "-1,500")])
    func countsAreGroupedInThousands(value: Double, text: String) {
        #expect(BenchTable.count(value) == text)
    }
}
