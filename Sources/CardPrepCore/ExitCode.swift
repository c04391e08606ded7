/// The exit codes shared by every CardPrep executable (documented in README.md).
public enum CardPrepExitCode: Int32, CaseIterable, Sendable {
    /// Everything asked for was done.
    case ok = 0
    /// An infrastructure failure: a file could not be read or written, a key is missing, the disk is full.
    case failure = 1
    /// At least one drop was rejected and moved to quarantine; the other drops were processed.
    case dropQuarantined = 3
    /// Reconciliation or a stock count found a discrepancy.
    case discrepancyFound = 4
    /// A signature, digest or bundle did not verify.
    case verificationFailed = 5
    /// Another run holds the pipeline's lock.
    case locked = 75
    /// The command line or a configuration file is wrong.
    case usage = 64

    /// One line for the README table and `--help`.
    public var meaning: String {
        switch self {
        case .ok: "success"
        case .failure: "failure: I/O, keys, configuration the run could not act on"
        case .dropQuarantined: "one or more drops quarantined or rejected by validation (the other drops were processed)"
        case .discrepancyFound: "discrepancy found: reconciliation, a stock count, a lot not accepted"
        case .verificationFailed: "verification failed (signature, digest, bundle, audit log)"
        case .locked: "another run holds the lock"
        case .usage: "usage error: bad command line or configuration"
        }
    }
}
