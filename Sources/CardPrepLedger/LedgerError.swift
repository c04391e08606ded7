import CardPrepCore
import Foundation

/// Failures of the ledger database.
public enum LedgerError: Error, CustomStringConvertible {
    /// The database file could not be opened or migrated.
    case open(path: String, reason: String)
    /// A read or write failed.
    case query(operation: String, reason: String)
    /// A record the caller expected is not there.
    case notFound(what: String)
    /// The drop lifecycle does not allow the change asked for.
    case refused(DropTransitionRefusal)

    public var description: String {
        switch self {
        case let .open(path, reason): "cannot open ledger \(path): \(reason)"
        case let .query(operation, reason): "ledger \(operation) failed: \(reason)"
        case let .notFound(what): "ledger has no \(what)"
        case let .refused(refusal): refusal.description
        }
    }
}
