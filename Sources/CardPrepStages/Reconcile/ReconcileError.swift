import CardPrepLedger

/// Failures that stop the reconcile stage: inputs it cannot read, a key it cannot load, files it cannot write.
/// Discrepancies are never errors: they are findings in the report.
public enum ReconcileError: Error, CustomStringConvertible {
    /// The drop is not in the ledger.
    case dropNotFound(String)
    /// A required input is missing.
    case inputMissing(path: String)
    /// An input could not be read or parsed (job manifest, order).
    case input(path: String, reason: String)
    /// The signing key could not be loaded, or none is configured.
    case key(path: String?, reason: String)
    /// An output could not be written.
    case output(path: String, reason: String)
    /// The ledger failed.
    case ledger(LedgerError)

    public var description: String {
        switch self {
        case let .dropNotFound(id): "reconcile: drop \(id) is not in the ledger"
        case let .inputMissing(path): "reconcile: \(path) is missing"
        case let .input(path, reason): "reconcile: cannot read \(path): \(reason)"
        case let .key(path, reason): "reconcile: signing key \(path ?? "(none configured: keys.signing)"): \(reason)"
        case let .output(path, reason): "reconcile: cannot write \(path): \(reason)"
        case let .ledger(error): "reconcile: \(error)"
        }
    }
}
