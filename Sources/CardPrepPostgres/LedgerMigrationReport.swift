/// What a move of a SQLite ledger to PostgreSQL copied and what its verification found.
public struct LedgerMigrationReport: Sendable, Equatable {
    /// One table copied.
    public struct Table: Sendable, Equatable {
        /// The table's name.
        public var name: String
        /// Its rows in the SQLite ledger.
        public var rows: Int
        /// Its rows in the PostgreSQL ledger after the copy.
        public var copied: Int
        /// Whether its digest is the same on both; nil for a table audit checkpoints do not cover.
        public var digestVerified: Bool?
    }

    /// Every table, in the order copied.
    public var tables: [Table] = []
    /// The entries of the audit log copied.
    public var auditEntries = 0
    /// The last audit entry's number; nil for an empty log.
    public var lastSeq: Int64?
    /// True when the audit chain on PostgreSQL holds from its first entry to its last.
    public var auditChainVerified = false
    /// Everything the verification found wrong; empty for a copy that verifies.
    public var faults: [String] = []
    /// True when the copy verified and was committed; false when it was rolled back and the target is still empty.
    public var committed = false

    /// The rows copied, over every table.
    public var rows: Int { tables.reduce(0) { $0 + $1.copied } }
}
