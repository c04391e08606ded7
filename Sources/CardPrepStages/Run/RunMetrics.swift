import CardPrepCore
import CardPrepIO
import CardPrepLedger
import Foundation

/// A run's metrics in the Prometheus text format, for node_exporter's textfile collector: drops per state, drops and
/// cards per stage, stage durations, the run's exit code and time, the last successful run, the oldest open drop.
///
/// Written to `<output>/metrics/cardprep.prom` (or the pipeline's `metrics` file) by replacing the file whole, so the
/// collector never reads half of it; mode 0640, like everything the run writes (node_exporter reads it through the
/// pipeline's `group`). The time of the last successful run is carried over from the previous file
/// when this run did not succeed.
public struct RunMetrics: Sendable {
    let pipeline: PipelineDefinition
    let report: PipelineRun.Report
    let exitCode: CardPrepExitCode
    let now: Date
    let runDuration: Duration

    /// Creates the metrics of a finished run.
    public init(pipeline: PipelineDefinition, report: PipelineRun.Report, exitCode: CardPrepExitCode, now: Date, runDuration: Duration) {
        self.pipeline = pipeline; self.report = report; self.exitCode = exitCode; self.now = now; self.runDuration = runDuration
    }

    /// The file, as node_exporter reads it.
    /// - Parameter lastSuccess: the last successful run before this one, when this one did not succeed.
    public func text(lastSuccess: Date?) -> String {
        var out = MetricText(pipeline: pipeline.name)
        out.gauge("cardprep_drops", "Drops in each state after the last run.",
                  DropState.allCases.map { state in (["state": state.rawValue], Double(report.drops.filter { $0.state == state }.count)) })
        out.gauge("cardprep_stage_drops", "Drops each stage took in the last run.", stageDrops.map { (["stage": $0.0], Double($0.1)) })
        out.gauge("cardprep_stage_cards", "Cards each stage took in the last run (validate: records checked; transform: cards to personalise).",
                  stageCards.map { (["stage": $0.0], Double($0.1)) })
        out.gauge("cardprep_stage_duration_seconds", "How long each stage of the last run took.",
                  report.stageDurations.map { (["stage": $0.stage.rawValue], Self.seconds($0.duration)) })
        out.gauge("cardprep_run_duration_seconds", "How long the last run took.", [([:], Self.seconds(runDuration))])
        out.gauge("cardprep_run_exit_code", "The exit code of the last run (0: success).", [([:], Double(exitCode.rawValue))])
        out.gauge("cardprep_last_run_timestamp_seconds", "When the last run ended (Unix time).", [([:], now.timeIntervalSince1970.rounded())])
        let success = exitCode == .ok ? now : lastSuccess
        if let success {
            out.gauge("cardprep_last_success_timestamp_seconds", "When the last run that exited 0 ended (Unix time).",
                      [([:], success.timeIntervalSince1970.rounded())])
        }
        out.gauge("cardprep_attention_drops", "Drops that need a person: failed, quarantined, in discrepancy.",
                  [DropState.failed, .quarantined, .discrepancy].map { (["state": $0.rawValue], Double(report.attention.count($0))) })
        let open = report.drops.filter { $0.state != .archived && $0.state != .withdrawn }
        let oldest = open.map { now.timeIntervalSince($0.registeredAt) }.max() ?? 0
        out.gauge("cardprep_oldest_open_drop_age_seconds", "Age of the oldest drop not yet archived or withdrawn (0: none).",
                  [([:], max(0, oldest.rounded()))])
        return out.text
    }

    /// Writes the file whole, replacing the previous one.
    /// - Parameter path: where; `<output>/metrics/cardprep.prom` by default.
    /// - Throws: file system errors.
    public func write(to path: String) throws {
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        let previous = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap(Self.lastSuccess(in:))
        try AtomicFileWriter.write(Array(text(lastSuccess: previous).utf8), to: path, mode: 0o640)
    }

    /// The last successful run recorded in a previous metrics file.
    static func lastSuccess(in text: String) -> Date? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cardprep_last_success_timestamp_seconds") }),
              let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return nil }
        return Date(timeIntervalSince1970: value)
    }

    private var stageDrops: [(String, Int)] {
        var counts: [(String, Int)] = []
        if let ingest = report.ingest { counts.append(("ingest", ingest.ingested + ingest.quarantined)) }
        if let validate = report.validate { counts.append(("validate", validate.outcomes.count)) }
        if let transform = report.transform { counts.append(("transform", transform.manifests.count)) }
        if let reconcile = report.reconcile { counts.append(("reconcile", reconcile.count)) }
        if let inspect = report.inspect { counts.append(("inspect", inspect.count)) }
        if let archive = report.archive { counts.append(("archive", archive.outcomes.count)) }
        return counts
    }

    private var stageCards: [(String, Int)] {
        var counts: [(String, Int)] = []
        if let validate = report.validate { counts.append(("validate", validate.outcomes.reduce(0) { $0 + ($1.summary?.records ?? 0) })) }
        if let transform = report.transform {
            counts.append(("transform", transform.manifests.reduce(0) { $0 + $1.jobs.reduce(0) { $0 + $1.cards } }))
        }
        return counts
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) + Double(attoseconds) / 1e18) * 1000).rounded() / 1000
    }
}

/// Prometheus text exposition: `# HELP`, `# TYPE`, then one sample a line with escaped label values.
struct MetricText {
    let pipeline: String
    private(set) var text = ""

    init(pipeline: String) { self.pipeline = pipeline }

    mutating func gauge(_ name: String, _ help: String, _ samples: [([String: String], Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
        for (labels, value) in samples {
            let all = [("pipeline", pipeline)] + labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            let rendered = all.map { "\($0.0)=\"\(Self.escaped($0.1))\"" }.joined(separator: ",")
            text += "\(name){\(rendered)} \(Self.number(value))\n"
        }
    }

    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
