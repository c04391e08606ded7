import CardPrepStages
import Foundation
import Testing
@testable import CardPrepCommands

/// The whole bench on a tiny drop: the built `cardprep` runs every stage, the floor tools run on the same
/// bytes, and no card data in clear is left in the work folder.
@Suite struct BenchEndToEndTests {
    /// The built `cardprep` beside the test bundle.
    static var executable: String? {
        var url = Bundle.main.bundleURL
        while url.path != "/" {
            let candidate = url.appendingPathComponent("cardprep").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return nil
    }

    @Test func benchesATinyDrop() throws {
        let executable = try #require(Self.executable, "build cardprep first (swift build --build-tests)")
        let root = try #require(BenchWorkspace.packageRoot(searchingFrom: [#filePath]))
        let work = NSTemporaryDirectory() + "cardprep-bench-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        let report = try BenchRunner(workFolder: work, executable: executable, packageRoot: root, cards: 200).run()
        #expect(report.cards == 200)
        #expect(report.plaintextBytes > 200 * 20)
        #expect(report.stages.map(\.name) == ["ingest", "validate", "transform", "archive"])
        #expect(report.stages.allSatisfy { $0.seconds > 0 && $0.peakRSSBytes > 1_000_000 })
        #expect(report.floor.count == 3 && report.floorSeconds > 0 && report.ratio > 0)
        let archived = try FileManager.default.subpathsOfDirectory(atPath: work + "/out")
        #expect(archived.contains { $0.hasSuffix(".tar.zst.age") || $0.contains("bundle") }, "\(archived)")
        // Only the reports published for the customer are in the clear, and they show card numbers masked.
        let csvFiles = try FileManager.default.subpathsOfDirectory(atPath: work).filter { $0.hasSuffix(".csv") }
        let plaintextNames = csvFiles.filter { !$0.hasPrefix("out/customer-outbox/") }
        #expect(plaintextNames.isEmpty, "\(plaintextNames)")
        let fullNumber = try Regex("[0-9]{13,19}")
        for published in csvFiles where published.hasPrefix("out/customer-outbox/") {
            let text = try String(contentsOfFile: work + "/" + published, encoding: .utf8)
            #expect(text.firstMatch(of: fullNumber) == nil, "\(published) holds a card number in full")
        }
    }
}
