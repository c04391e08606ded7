/// Failures that stop the ingest stage: the inbox, the keys, the disk. A bad drop is not one of these;
/// it is a `DropRejection` and goes to quarantine while the run goes on.
public enum IngestError: Error, CustomStringConvertible {
    case inboxUnreadable(path: String)
    case bureauIdentity(String)
    case storage(String)

    public var description: String {
        switch self {
        case let .inboxUnreadable(path): "cannot read the inbox \(path): check that it exists and is readable"
        case let .bureauIdentity(reason): "bureau identity: \(reason)"
        case let .storage(reason): "cannot store drop data: \(reason)"
        }
    }
}
