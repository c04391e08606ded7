/// Where a drop stands. Stored in the ledger as its raw value; every change is a recorded `DropTransition`.
///
/// The main line runs received → ingested → validated → jobs issued → in production → reconciled → inspected →
/// archived. The side states say why a drop is not moving: quarantined (refused at intake), rejected (refused by
/// validation; its reports still go out and it is archived), discrepancy (reconciliation found something),
/// failed (a stage could not finish; `retry` once the cause is fixed), on hold (waiting for a person's decision)
/// and withdrawn (closed by a person without being processed further).
public enum DropState: String, Codable, Sendable, CaseIterable, Comparable {
    /// Complete in the inbox and taken by ingest; not yet registered as ingested (or released from quarantine).
    case received
    /// Verified, decrypted and re-encrypted under its data key.
    case ingested
    /// Its records passed validation; its order is kept in typed form.
    case validated
    /// Refused whole by validation; nothing is produced. Its reject report goes back to the customer.
    case rejected
    /// Personalisation jobs written for the stations.
    case jobsIssued = "jobs-issued"
    /// Production results have come back from the floor; reconciliation is under way.
    case inProduction = "in-production"
    /// Production, shipping, stock and destruction add up against the order.
    case reconciled
    /// Reconciliation found something that does not add up; the floor's corrected reports reconcile it again.
    case discrepancy
    /// Every QA lot of the drop is decided and accepted (or disposed of).
    case inspected
    /// Its bundle is in the vault and its working data destroyed. Final.
    case archived
    /// Refused at intake; its files are kept in quarantine with the reason.
    case quarantined
    /// A stage could not finish; the drop carries the stage, the error and the fix.
    case failed
    /// Waiting for a person's decision; `release` takes it on.
    case onHold = "on-hold"
    /// Closed by a person (replaced by another drop, cancelled by the customer). Final.
    case withdrawn

    /// The words people read, e.g. "jobs issued".
    public var words: String { rawValue.replacingOccurrences(of: "-", with: " ") }

    /// States that need someone's attention: every run exits non-zero while a drop is in one of them.
    public var needsAttention: Bool { self == .failed || self == .quarantined || self == .discrepancy }

    /// States a drop never leaves.
    public var isFinal: Bool { self == .archived || self == .withdrawn }

    /// The position of the state on the main line (side states after it), for sorting lists.
    public static func < (lhs: DropState, rhs: DropState) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a stage could not do for one drop, kept with the drop while it is `failed`.
public struct DropFailureDetail: Codable, Sendable, Equatable {
    /// The stage that failed, e.g. `transform`.
    public var stage: String
    /// What went wrong, without card data.
    public var error: String
    /// What to do about it, as a person would do it (a command where there is one).
    public var fix: String

    /// Creates a failure detail.
    public init(stage: String, error: String, fix: String) {
        self.stage = stage; self.error = error; self.fix = fix
    }
}
