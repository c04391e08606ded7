import Foundation
import Testing

/// Every run writes its metrics for node_exporter's textfile collector, and keeps the time of the last successful
/// run when a later run does not succeed.
@Suite struct RunMetricsTests {
    /// The samples of a Prometheus text file, by metric name and labels as written.
    private static func samples(_ file: String) throws -> [String: Double] {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            #expect(parts.count == 2, "\(line)")
            #expect(line.range(of: #"^[a-z_]+\{pipeline="sample-test"(,[a-z]+="[a-z-]+")*\} -?[0-9.]+$"#, options: .regularExpression) != nil, "\(line)")
            samples[String(parts[0])] = Double(parts[1])
        }
        for name in Set(samples.keys.map { String($0.prefix { $0 != "{" }) }) {
            #expect(text.contains("# TYPE \(name) gauge\n"), "\(name) has no TYPE line")
        }
        return samples
    }

    @Test func aRunWritesItsMetricsAndAFailedRunKeepsTheLastSuccess() throws {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let file = workspace.output + "/metrics/cardprep.prom"
        let first = try Self.samples(file)
        #expect(first[#"cardprep_drops{pipeline="sample-test",state="archived"}"#] == 1)
        #expect(first[#"cardprep_drops{pipeline="sample-test",state="failed"}"#] == 0)
        #expect(first[#"cardprep_stage_drops{pipeline="sample-test",stage="validate"}"#] == 1)
        let cards = try #require(first[#"cardprep_stage_cards{pipeline="sample-test",stage="transform"}"#])
        #expect(cards > 0)
        for stage in ["ingest", "validate", "transform", "reconcile", "archive"] {
            #expect(first[#"cardprep_stage_duration_seconds{pipeline="sample-test",stage="\#(stage)"}"#] != nil, "\(stage)")
        }
        #expect(first[#"cardprep_run_exit_code{pipeline="sample-test"}"#] == 0)
        let success = try #require(first[#"cardprep_last_success_timestamp_seconds{pipeline="sample-test"}"#])
        #expect(success == first[#"cardprep_last_run_timestamp_seconds{pipeline="sample-test"}"#])
        #expect(first[#"cardprep_oldest_open_drop_age_seconds{pipeline="sample-test"}"#] == 0)

        // A drop from a customer with no profile is quarantined: the run exits 3, the last success stays.
        let stray = workspace.root + "/inbox/cust-99/drop-1"
        try FileManager.default.createDirectory(atPath: stray, withIntermediateDirectories: true)
        try "hello\n".write(toFile: stray + "/orders.xml", atomically: true, encoding: .utf8)
        try "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  orders.xml\n"
            .write(toFile: stray + "/MANIFEST.sha256", atomically: true, encoding: .utf8)
        Thread.sleep(forTimeInterval: 1.1)
        let again = try workspace.cardprep(["run", workspace.pipeline])
        #expect(again.status == 3, "\(again.standardOutput)\(again.standardError)")
        let second = try Self.samples(file)
        #expect(second[#"cardprep_run_exit_code{pipeline="sample-test"}"#] == 3)
        #expect(second[#"cardprep_last_success_timestamp_seconds{pipeline="sample-test"}"#] == success)
        #expect(second[#"cardprep_drops{pipeline="sample-test",state="quarantined"}"#] == 1)
        #expect(second[#"cardprep_attention_drops{pipeline="sample-test",state="quarantined"}"#] == 1)
        #expect((second[#"cardprep_oldest_open_drop_age_seconds{pipeline="sample-test"}"#] ?? -1) >= 0)
    }
}
