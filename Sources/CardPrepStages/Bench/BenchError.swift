/// Why a bench could not measure.
public enum BenchError: Error, Equatable, CustomStringConvertible {
    /// The generated drop holds no `*.age` card data file.
    case noCardData(inbox: String)
    /// No CardPrep checkout (with `Fixtures/keys` and `Pipelines/`) was found.
    case noPackageRoot(searched: [String])
    /// A measured command could not be started.
    case spawnFailed(command: String, errno: Int32)
    /// A measured command ended with a failure; its output is in `log`.
    case commandFailed(command: String, status: Int32, log: String)

    public var description: String {
        switch self {
        case let .noCardData(inbox): "no card data file was generated in \(inbox)"
        case let .noPackageRoot(searched):
            "no CardPrep checkout (Fixtures/keys, Pipelines/schemas) at or above \(searched.joined(separator: ", ")); give --package"
        case let .spawnFailed(command, code): "cannot start \(command): errno \(code)"
        case let .commandFailed(command, status, log): "\(command) ended with status \(status); see \(log)"
        }
    }
}
