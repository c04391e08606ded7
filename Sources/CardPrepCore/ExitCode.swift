/// The exit codes shared by every CardPrep executable (documented in README.md).
public enum CardPrepExitCode: Int32, CaseIterable, Sendable {
    /// Everything asked for was done.
    case ok = 0
    /// An infrastructure failure: a file could not be read or written, a key is missing, the disk is full.
    case failure = 1
    /// At least one drop was rejected and moved to quarantine; the other drops were processed.
    case dropQuarantined = 3
    /// Reconciliation or a stock count found a discrepancy; or a lot was not accepted, and its drop waits on hold for
    /// the lot's signed disposition.
    case discrepancyFound = 4
    /// A signature, digest or bundle did not verify; or a signed statement did not (unregistered key, wrong person,
    /// role or statement, the same person twice, stale or used).
    case verificationFailed = 5
    /// The drop's state does not allow what was asked; the message names the state and what it needs first.
    case refused = 6
    /// Another run holds the pipeline's lock.
    case locked = 75
    /// The command line or a configuration file is wrong; or an action that needs people's signatures was given
    /// none or too few (the statement to sign is printed).
    case usage = 64

    /// One line for the README table and `--help`.
    public var meaning: String {
        switch self {
        case .ok: "success"
        case .failure: "failure: I/O, keys, configuration the run could not act on; or a drop is failed (see `cardprep status`)"
        case .dropQuarantined: "a drop is quarantined, or was rejected by validation in this run (the other drops were processed)"
        case .discrepancyFound: "a drop is in discrepancy or held for a lot not accepted; or a stock count or a lot not accepted"
        case .verificationFailed:
            "verification failed (signature, digest, bundle, audit log; a signed statement: key not in the register, wrong person "
                + "or role, same person twice, another, stale or used statement)"
        case .refused: "refused: the drop's state does not allow this (the message says what it needs first)"
        case .locked: "another run holds the lock"
        case .usage: "usage error: bad command line or configuration; or signatures missing (the statement to sign is printed)"
        }
    }
}
