/// One thing `cardprep check` found wrong (or worth knowing) in a pipeline's configuration, with the file and
/// line it is on, like `sshd -t`.
public struct ConfigurationProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// What part of the configuration the problem is in.
    public enum Area: String, Sendable, Codable, CaseIterable {
        case pipeline, folder, customer, machine, schema, people, key, token, vault, template, ledger
    }

    /// How much the problem matters.
    public enum Severity: String, Sendable, Codable {
        /// The pipeline will not run until it is fixed.
        case problem
        /// Worth knowing; the pipeline runs.
        case note
    }

    public var area: Area
    public var severity: Severity
    /// The file (or folder) the problem is in.
    public var file: String
    /// The line (from 1), when known.
    public var line: Int?
    /// What is wrong, and how to fix it where that is not obvious.
    public var reason: String

    /// Creates a problem.
    public init(_ area: Area, _ severity: Severity = .problem, file: String, line: Int? = nil, reason: String) {
        self.area = area; self.severity = severity; self.file = file; self.line = line; self.reason = reason
    }

    /// A problem from a configuration reader's error.
    init(_ area: Area, _ error: ConfigurationError) {
        self.init(area, file: error.file, line: error.line, reason: error.reason)
    }

    /// `file:line: reason`, or `file: note: reason` for a note.
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return severity == .note ? "\(place): note: \(reason)" : "\(place): \(reason)"
    }
}
