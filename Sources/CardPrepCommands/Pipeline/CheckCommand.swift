import ArgumentParser
import CardPrepCore
import CardPrepStages
import Foundation

/// `cardprep check PIPELINE`: loads and checks everything a run will need, and lists every problem with its file
/// and line, like `sshd -t`.
public struct CheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a pipeline's configuration before a run: every problem, with its file and line.",
        discussion: """
            Loads what a run will need and reports every problem found, without changing anything: the pipeline \
            definition; every customer profile and the machines each of its products is made on; every machine \
            profile; the order schema; the register of people; the inbox, output, outbox, production and vault \
            folders and whether this user can read or write them; the bureau's keys (there, owner-only, usable; \
            keys in the token are reached, so the PIN is read); the vault's recipients against its identity; and \
            whether the vault's allowed signers hold the pipeline's signing key.

            Every run makes the same checks first (without reaching into the token) and stops with exit code 64 \
            on a mistake of the bureau's, before it takes any drop. Notes (a customer folder in the inbox with no \
            profile, a vault key kept as shares) are listed but do not fail the check.

            Examples: cardprep check Pipelines/sample.yml
                      cardprep check Pipelines/sample.yml --json | jq '.problems[] | .file + ":" + (.line|tostring)'

            \(ExitCodeTable.helpText)
            """
    )

    @Argument(help: "The pipeline definition, e.g. Pipelines/sample.yml.")
    var pipeline: String

    @Flag(help: "Print the result as JSON on standard output (for scripts).")
    var json = false

    public init() {}

    public func validate() throws { CommandFailure.json = json }

    public func run() throws {
        let report = ConfigurationCheck(pipelineFile: pipeline).run()
        if json {
            try printJSON(ConfigurationCheckJSON(report), format: .check)
        } else {
            print(ConfigurationCheckText(report).full)
        }
        if !report.isClean { throw ExitCode(CardPrepExitCode.usage.rawValue) }
    }
}

/// The words of a configuration check, for `cardprep check` and for the run that stops on one.
struct ConfigurationCheckText {
    let report: ConfigurationCheck.Report

    init(_ report: ConfigurationCheck.Report) { self.report = report }

    /// Every finding, then the summary line.
    var full: String { (report.findings.map(\.description) + [summary]).joined(separator: "\n") }

    /// `Pipelines/sample.yml: configuration OK (1 customer, 3 machines, …)` or the count of problems.
    var summary: String {
        let order = ["customers", "machines", "people", "keys", "folders"]
        let checked = order.compactMap { name in report.counts[name].map { "\($0) \(Self.noun(name, $0))" } }.joined(separator: ", ")
        let notes = report.notes.isEmpty ? "" : "; \(report.notes.count) \(report.notes.count == 1 ? "note" : "notes")"
        if report.isClean { return "\(report.pipelineFile): configuration OK (checked \(checked))\(notes)" }
        let count = report.problems.count
        return "\(report.pipelineFile): \(count) \(count == 1 ? "problem" : "problems")\(notes); fix \(count == 1 ? "it" : "them") and run: "
            + "cardprep check \(Shell.quoted(report.pipelineFile))"
    }

    /// The message of a run that stops before it starts.
    var refusal: String {
        (["the pipeline's configuration has mistakes; no drop was taken:"] + report.problems.map { "  " + $0.description } + [summary])
            .joined(separator: "\n")
    }

    private static func noun(_ name: String, _ count: Int) -> String {
        guard count == 1 else { return name }
        return ["customers": "customer", "machines": "machine", "people": "person", "keys": "key", "folders": "folder"][name] ?? name
    }
}

/// `{"format":"cardprep-check/1","pipeline":…,"ok":…,"problems":[…],"notes":[…],"checked":{…}}`
struct ConfigurationCheckJSON: Encodable {
    let format = "cardprep-check/1"
    let pipeline: String
    let ok: Bool
    let problems: [ConfigurationProblem]
    let notes: [ConfigurationProblem]
    let checked: [String: Int]

    init(_ report: ConfigurationCheck.Report) {
        pipeline = report.pipelineFile
        ok = report.isClean
        problems = report.problems
        notes = report.notes
        checked = report.counts
    }
}
