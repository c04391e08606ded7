/// A mistake in a pipeline definition or a customer profile, with the file and line it is on.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The file the mistake is in.
    public var file: String
    /// The line (from 1), when known.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(file: String, line: Int?, reason: String) {
        self.file = file; self.line = line; self.reason = reason
    }

    public var description: String {
        if let line { return "\(file):\(line): \(reason)" }
        return "\(file): \(reason)"
    }
}
