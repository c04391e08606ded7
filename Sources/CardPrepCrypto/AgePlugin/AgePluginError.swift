/// Why an age plugin could not wrap or unwrap a file key; every case names the plugin.
public enum AgePluginError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What a plugin's `error` command blamed.
    public enum Subject: Equatable, Sendable, CustomStringConvertible {
        /// The recipient at this index (in the order sent).
        case recipient(Int)
        /// The identity at this index.
        case identity(Int)
        /// A stanza of a file's header (file index, stanza index): the header is invalid for this plugin.
        case stanza(file: Int, stanza: Int)
        /// The plugin itself.
        case `internal`

        public var description: String {
            switch self {
            case let .recipient(index): "recipient \(index + 1)"
            case let .identity(index): "identity \(index + 1)"
            case let .stanza(file, stanza): "stanza \(stanza + 1) of file \(file + 1)"
            case .internal: "internal error"
            }
        }
    }

    /// No `age-plugin-<name>` executable in any folder of the search path.
    case notFound(plugin: String, searched: [String])
    /// The executable exists but could not be started.
    case couldNotStart(plugin: String, reason: String)
    /// The plugin sent an `error` command.
    case reported(plugin: String, subject: Subject, message: String)
    /// The plugin ended (or closed its output) before its last `done`; with the end of its standard error.
    case exitedEarly(plugin: String, status: Int32?, standardError: String)
    /// The plugin sent nothing for longer than the timeout while the client waited for `waitingFor`.
    case timedOut(plugin: String, seconds: Int, waitingFor: String)
    /// The plugin broke the protocol (malformed stanza, wrong file index, a file key of the wrong size…).
    case protocolViolation(plugin: String, reason: String)

    /// The plugin's name.
    public var plugin: String {
        switch self {
        case let .notFound(plugin, _), let .couldNotStart(plugin, _), let .reported(plugin, _, _),
            let .exitedEarly(plugin, _, _), let .timedOut(plugin, _, _), let .protocolViolation(plugin, _):
            plugin
        }
    }

    public var description: String {
        switch self {
        case let .notFound(plugin, searched):
            "age plugin age-plugin-\(plugin) not found in PATH ("
                + (searched.isEmpty ? "PATH is empty" : searched.joined(separator: ":")) + ")"
        case let .couldNotStart(plugin, reason): "age plugin age-plugin-\(plugin) could not be started: \(reason)"
        case let .reported(plugin, subject, message): "age plugin age-plugin-\(plugin) reports an error (\(subject)): \(message)"
        case let .exitedEarly(plugin, status, standardError):
            "age plugin age-plugin-\(plugin) ended before finishing"
                + (status.map { " (exit status \($0))" } ?? "")
                + (standardError.isEmpty ? "" : ": " + standardError)
        case let .timedOut(plugin, seconds, waitingFor):
            "age plugin age-plugin-\(plugin) sent nothing for \(seconds) s while CardPrep waited for \(waitingFor); "
                + "it was stopped"
        case let .protocolViolation(plugin, reason): "age plugin age-plugin-\(plugin) broke the plugin protocol: \(reason)"
        }
    }
}
