import Foundation
import Testing

/// The JSON log lines of a run: a start and an end line with the run's id, its duration and exit code, every line of
/// the run carrying the same id, and numbers written as numbers.
@Suite struct RunLogTests {
    @Test func aRunLogsItsStartAndEndWithItsIdDurationAndExitCode() throws {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline, "-v"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let text = try String(contentsOfFile: workspace.output + "/logs/cardprep.jsonl", encoding: .utf8)
        let lines = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let start = try #require(lines.first { $0["message"] as? String == "run started" })
        let end = try #require(lines.last { $0["message"] as? String == "run finished" })
        let id = try #require(start["run"] as? String)
        #expect(id.count == 12 && id.allSatisfy(\.isHexDigit))
        #expect(lines.allSatisfy { $0["run"] as? String == id }, "every line carries the run's id")
        #expect(start["pipeline"] as? String == "sample-test")
        #expect(start["stages"] as? String == "ingest,validate,transform,reconcile,archive")
        #expect(end["exitCode"] as? Int == 0)
        #expect((end["durationSeconds"] as? Double).map { $0 > 0 } == true, "\(end)")
        #expect((end["summary"] as? String)?.contains("1 archived") == true)
        // Numbers are numbers, not strings of digits.
        let validated = try #require(lines.first { $0["message"] as? String == "validate: drop checked" || $0["rejected"] != nil }, "\(lines)")
        #expect(validated["rejected"] is Int && validated["accepted"] is Int, "\(validated)")
    }
}
