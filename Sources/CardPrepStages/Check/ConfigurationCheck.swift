import CardPrepCore
import Foundation

/// Everything a run will need, loaded and checked before the run (`cardprep check PIPELINE`, and the first thing
/// every run does): the pipeline definition, every customer and machine profile and the machines each product
/// names, the order schema, the register of people, the folders and their permissions, the keys and their modes,
/// the token, the vault's recipients against its identity, and a PostgreSQL ledger's server. Every problem is collected, each with its file
/// and line; nothing is written.
public struct ConfigurationCheck: Sendable {
    /// What a check found.
    public struct Report: Sendable {
        /// The pipeline file checked.
        public var pipelineFile: String
        /// Problems and notes, in the order they were found.
        public var findings: [ConfigurationProblem] = []
        /// How many of each thing were checked, by name (customers, machines, people, keys, folders).
        public var counts: [String: Int] = [:]

        /// The findings that stop a run.
        public var problems: [ConfigurationProblem] { findings.filter { $0.severity == .problem } }
        /// The findings that do not.
        public var notes: [ConfigurationProblem] { findings.filter { $0.severity == .note } }
        /// Whether the pipeline can run.
        public var isClean: Bool { problems.isEmpty }
    }

    /// Which checks to make.
    public struct Scope: Sendable {
        /// Whether keys in the token are reached (logs in) and the vault's recipients tried against its identity.
        public var reachesKeys: Bool

        /// Everything (`cardprep check`).
        public static let full = Scope(reachesKeys: true)
        /// The check every run makes before it takes a drop: files only; the stages reach the token themselves.
        public static let beforeRun = Scope(reachesKeys: false)
    }

    let pipelineFile: String
    let scope: Scope

    /// Creates a check of the pipeline definition at `pipelineFile`.
    public init(pipelineFile: String, scope: Scope = .full) {
        self.pipelineFile = pipelineFile
        self.scope = scope
    }

    /// Runs every check.
    /// - Returns: the report; a definition that cannot be read at all is its only problem.
    public func run() -> Report {
        var report = Report(pipelineFile: pipelineFile)
        let pipeline: PipelineDefinition
        do {
            pipeline = try PipelineDefinition.load(path: pipelineFile)
        } catch {
            report.findings.append(ConfigurationProblem(.pipeline, error))
            return report
        }
        let lines = PipelineLines(file: pipelineFile)
        var findings = FolderChecks(pipeline: pipeline, lines: lines).run(counts: &report.counts)
        findings += ProfileChecks(pipeline: pipeline).run(counts: &report.counts)
        findings += KeyChecks(pipeline: pipeline, lines: lines, reachesKeys: scope.reachesKeys).run(counts: &report.counts)
        if scope.reachesKeys { findings += LedgerChecks(pipeline: pipeline, lines: lines).run(counts: &report.counts) }
        if let folder = pipeline.reportTemplates {
            findings += ReportTemplates.problems(in: folder).map { problem in
                switch problem {
                case let .syntax(path, line, _, _): ConfigurationProblem(.template, file: path, line: line, reason: problem.description)
                case .unknownName: ConfigurationProblem(.template, .note, file: problem.path, reason: problem.description)
                default: ConfigurationProblem(.template, file: problem.path, line: problem.path == folder ? lines.line("report_templates") : nil,
                                              reason: problem.description)
                }
            }
        }
        report.findings = findings
        return report
    }
}
