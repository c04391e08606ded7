/// A drop a stage could not handle because of something about that drop or its configuration (a product with no
/// machine, a profile that is missing or wrong, unreadable production reports). The run records it, goes on with
/// the other drops, and ends with exit code 1; the drop is tried again by the next run. Failures of the machine
/// itself (disk, ledger, keys) still stop the run.
public struct DropFailure: Sendable, Equatable {
    public var stage: String
    public var dropID: String
    public var customer: String
    public var drop: String
    /// What went wrong, without card data.
    public var message: String

    /// Whether `error` concerns one drop rather than the whole run.
    static func isPerDrop(_ error: any Error) -> Bool {
        switch error {
        case is ConfigurationError, is TransformError: true
        case let error as ReconcileError:
            switch error {
            case .inputMissing, .input: true
            default: false
            }
        default: false
        }
    }
}
