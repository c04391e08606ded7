/// What ingest did with one drop folder.
public struct IngestOutcome: Sendable, Equatable {
    /// The kinds of outcome.
    public enum Kind: Sendable, Equatable {
        /// Registered and re-encrypted under its data key.
        case ingested
        /// The same drop (same manifest) was registered before: recorded as a repeated delivery, not processed.
        case duplicate
        /// Refused and moved to quarantine.
        case quarantined(DropRejection)
        /// Still arriving; left untouched. `stale` once it has waited longer than the pipeline allows.
        case uploading(reason: String, stale: Bool)
    }

    public var customer: String
    public var name: String
    /// The manifest digest, when the drop had a complete manifest.
    public var dropID: String?
    public var kind: Kind
}

/// The result of one ingest run over the inbox.
public struct IngestReport: Sendable, Equatable {
    public var outcomes: [IngestOutcome] = []
    /// Inbox drops another live worker was taking, left to it.
    public var heldElsewhere: [ClaimedElsewhere] = []
    /// Inbox drops whose claim this run lost while taking them: nothing of them was recorded.
    public var claimsLost: [ClaimedElsewhere] = []

    public var ingested: Int { outcomes.filter { $0.kind == .ingested }.count }
    public var duplicates: Int { outcomes.filter { $0.kind == .duplicate }.count }
    public var quarantined: Int { outcomes.filter { if case .quarantined = $0.kind { true } else { false } }.count }
    public var uploading: Int { outcomes.filter { if case .uploading = $0.kind { true } else { false } }.count }
    public var stale: Int { outcomes.filter { if case .uploading(_, true) = $0.kind { true } else { false } }.count }

    /// One line for people.
    public var summary: String {
        "ingest: \(outcomes.count) drop(s): \(ingested) ingested, \(duplicates) duplicate, \(quarantined) quarantined, "
            + "\(uploading) still uploading (\(stale) stale)"
    }
}
