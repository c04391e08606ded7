import Foundation

/// The rows of a table whose mutable columns may change: those whose `column` holds one of `values`. The column
/// must itself be fixed, so that the same rows are picked at a checkpoint and any time after it.
public struct MutableRows: Sendable, Equatable {
    /// A fixed column of the table.
    public var column: String
    /// The values that mark a row as one whose mutable columns may change.
    public var values: [String]

    /// Creates a selection.
    public init(column: String, values: [String]) { self.column = column; self.values = values }
}

/// A ledger table that audit checkpoints cover, and what may legitimately change in it after a row is written.
///
/// Every table is append-only in CardPrep: no code path deletes a row, and a new row gets a larger rowid (or, for
/// card fingerprints, a larger set id) than every row before it. So the rows a checkpoint covered are told from later
/// ones by a mark: the largest rowid (or set id) when the checkpoint was signed. Some columns do change after a row
/// is written (a drop's state, a job file's removal, a bundle's purge); they are listed as `mutableColumns`.
public struct AuditedTable: Sendable, Equatable {
    /// The table's name in the ledger.
    public var name: String
    /// Columns that legitimately change after the row is written, each with an audit entry of the change.
    public var mutableColumns: [String]
    /// Which rows the mutable columns may change in; nil: every row.
    public var mutableRows: MutableRows?
    /// The column whose largest value marks the rows a checkpoint covered; nil: the rowid.
    public var markColumn: String?
    /// The columns the digests order rows by (after the mark, in a chain); nil: the primary key. Set where a table's
    /// key changed after checkpoints had digested it, so that their digests still recount.
    public var rowOrder: [String]?

    /// Creates a description.
    public init(
        name: String, mutableColumns: [String] = [], mutableRows: MutableRows? = nil, markColumn: String? = nil,
        rowOrder: [String]? = nil
    ) {
        self.name = name; self.mutableColumns = mutableColumns; self.mutableRows = mutableRows; self.markColumn = markColumn
        self.rowOrder = rowOrder
    }
}

/// The tables that matter for custody and counts, as audit checkpoints cover them. A table added to the ledger that
/// matters belongs here too, with the columns that change after a row is written.
///
/// Not covered: `cardFingerprintLookup` and `cardFingerprintPending`, which are derived from `cardFingerprint` (see
/// `Ledger.mergeFingerprints`); `dropClaim` and `dropClaimToken` (`DropClaims`). Claims are operational state, not records: a lease
/// changes every few seconds and a claim is deleted when its stage is done; what a worker did under a claim is in
/// the drop's transitions and audit entries.
public enum AuditedTables {
    /// Every covered table, in the order checkpoints list them.
    public static let all: [AuditedTable] = [
        // A drop's state and failure change with every transition (each is a dropTransition row and a drop.state
        // entry); a drop released from quarantine is registered again with its new delivery's paths, key and sizes.
        AuditedTable(
            name: "drop",
            mutableColumns: [
                "state", "stateSince", "failedStage", "failedError", "failedFix", "resumeState", "registeredAt",
                "originalsPath", "workPath", "sourcePath", "dataKeyRecipient", "cardFileCount", "cardBytes",
            ]),
        AuditedTable(name: "dropTransition"),
        AuditedTable(name: "delivery"),
        // Reconcile runs again while a drop is in discrepancy, and inspect plans again; both rewrite their step.
        AuditedTable(
            name: "step", mutableColumns: ["completedAt", "summary"],
            mutableRows: MutableRows(column: "stage", values: ["reconcile", "inspect"])),
        AuditedTable(name: "quarantine", mutableColumns: ["released"]),
        AuditedTable(name: "cardFingerprintSet"),
        // Keyed by fingerprint until v29, by set and fingerprint since: digests keep the order by fingerprint.
        // Its lookup by fingerprint (`cardFingerprintLookup`) and the sets not merged into it yet
        // (`cardFingerprintPending`) are derived from it and not covered.
        AuditedTable(name: "cardFingerprint", markColumn: "setID", rowOrder: ["fingerprint", "setID"]),
        // Renewals and reissues: further cards of a number cardFingerprint holds, by PAN sequence number and expiry.
        AuditedTable(name: "cardFingerprintLater", markColumn: "setID"),
        AuditedTable(name: "jobFile", mutableColumns: ["removedAt", "removedBecause"]),
        AuditedTable(name: "vaultBundle", mutableColumns: ["purged", "purgedAt"]),
        // A loan is closed when the bundle comes back: when, its digest then, who returned and received it, and the
        // statement they signed.
        AuditedTable(
            name: "custodyLoan", mutableColumns: ["inAt", "sha256AtCheckin", "returnedBy", "receivedBy", "checkinStatement"]),
        // The signed statements dual-control actions were done on.
        AuditedTable(name: "signedStatement"),
        // Destructions of cards, each with the four people who signed it.
        AuditedTable(name: "signedDestruction"),
        // Every approved version of the register of people, with its people and keys.
        AuditedTable(name: "registerVersion"),
        AuditedTable(name: "registeredPerson"),
        AuditedTable(name: "registeredKey"),
        // Order lines closed short on a signed statement.
        AuditedTable(name: "shortClosure"),
        // What replacement drops send toward the lines of earlier orders.
        AuditedTable(name: "orderReplacement"),
        // Spoiled cards remade in remake jobs, each tied to its logical card's place.
        AuditedTable(name: "cardRemake"),
        // Remakes of archived drops' cards from their bundles: each waits for its floor report, then for the spoiled
        // attempt's destruction.
        AuditedTable(name: "archivedRemake", mutableColumns: [
            "state", "reportedSerial", "reportedAt", "reconciledAt", "supplementPath", "supplementSHA256",
        ]),
        // The complaints register: complaints, what each names, their notes and their signed closures; no row
        // changes once written.
        AuditedTable(name: "complaint"),
        AuditedTable(name: "complaintLink"),
        AuditedTable(name: "complaintNote"),
        AuditedTable(name: "complaintClosure"),
        // Shipping plans, one per drop with a row per box; no row changes once written.
        AuditedTable(name: "shippingPlan"),
        AuditedTable(name: "shippingPlanBox"),
        AuditedTable(name: "stockAccount"),
        AuditedTable(name: "stockMovement"),
        // Each drop whose floor stock.csv was posted to the register, once.
        AuditedTable(name: "stockPosting"),
        AuditedTable(name: "inspectionLot"),
        // A lot's plan is made again when its sample is drawn at another severity.
        AuditedTable(name: "lotPlan", mutableColumns: ["plan", "plannedAt"]),
        AuditedTable(name: "lotSample"),
        AuditedTable(name: "lotResult"),
        AuditedTable(name: "lotDecision"),
        // Kept for the product as a whole until v25; since then per class (below), this table no longer changes.
        AuditedTable(name: "switchingState", mutableColumns: ["state", "updatedAt"]),
        AuditedTable(name: "switchingClassState", mutableColumns: ["state", "updatedAt"]),
        AuditedTable(name: "switchingResumption"),
        // What became of each lot not accepted, on the statement a QA inspector and a supervisor signed.
        AuditedTable(name: "lotDisposition"),
        // Every card's place in its jobs, and the floor's reports as reconcile kept them (see `CardTraceSchema`).
        AuditedTable(name: "cardTraceSet"),
        AuditedTable(name: "cardTrace"),
        AuditedTable(name: "floorReportSet"),
        AuditedTable(name: "floorReportFile"),
        AuditedTable(name: "cardProduction"),
    ]
}

/// The canonical digests of one table at a checkpoint.
///
/// A table with mutable columns is digested whole (encoding 1): `fixed` covers the rows up to `mark` with their
/// mutable columns left out, so it can be recomputed however the ledger grew since; `all` covers the same rows with
/// every column, and holds only until a later audit entry may have changed a mutable column. A table without them is
/// digested as a chain (encoding 2): one digest, `fixed` and `all` alike, of the rows above `from` and up to `mark`
/// and of `base`, the digest of the rows up to `from` that the checkpoint before signed; so a checkpoint digests only
/// what was added since. See `TableDigester` for the encodings.
public struct TableDigest: Sendable, Equatable {
    public var table: String
    /// Every column the digests cover, in the table's order.
    public var columns: [String]
    /// The columns left out of `fixed` (in the rows `mutableRows` picks).
    public var mutableColumns: [String]
    public var mutableRows: MutableRows?
    /// The column of the mark; nil: the rowid.
    public var markColumn: String?
    /// The largest rowid (or `markColumn` value) covered; 0 for an empty table.
    public var mark: Int64
    /// How many rows the digests cover.
    public var rows: Int
    /// Hex SHA-256 of the covered rows without their mutable columns.
    public var fixed: String
    /// Hex SHA-256 of the covered rows with every column.
    public var all: String
    /// Encoding 2: the mark up to which `base` covers the rows (0 for a chain's first link); nil: encoding 1.
    public var from: Int64?
    /// Encoding 2: how many rows `base` covers.
    public var fromRows: Int?
    /// Encoding 2: the hex digest this one continues, of the rows up to `from` (64 zeros for a chain's first link).
    public var base: String?

    /// Creates a digest record.
    public init(
        table: String, columns: [String], mutableColumns: [String], mutableRows: MutableRows?, markColumn: String?,
        mark: Int64, rows: Int, fixed: String, all: String, from: Int64? = nil, fromRows: Int? = nil, base: String? = nil
    ) {
        self.table = table; self.columns = columns; self.mutableColumns = mutableColumns; self.mutableRows = mutableRows
        self.markColumn = markColumn; self.mark = mark; self.rows = rows; self.fixed = fixed; self.all = all
        self.from = from; self.fromRows = fromRows; self.base = base
    }

    /// Whether this is a chain's link (encoding 2) rather than a digest of the whole table.
    public var isLink: Bool { from != nil }

    /// Whether this link is the first of its chain, covering every row up to its mark.
    public var isFirstLink: Bool { from == 0 }
}

/// The end of the audit log and the digests of every covered table, read in one transaction.
public struct AuditSnapshot: Sendable, Equatable {
    /// The last audit entry; nil for an empty log.
    public var last: AuditEntry?
    /// One digest per covered table, in `AuditedTables.all` order.
    public var tables: [TableDigest]
}

/// The rows a checkpoint covered, counted again: the digests as they come out now, or why a table cannot be read.
public struct TableRecount: Sendable, Equatable {
    /// What the checkpoint recorded.
    public var recorded: TableDigest
    /// The same rows (up to the recorded mark, the recorded columns) now; nil when they cannot be read.
    public var now: TableDigest?
    /// Why the table cannot be read as the checkpoint covered it (gone, a column gone).
    public var unreadable: String?
}
