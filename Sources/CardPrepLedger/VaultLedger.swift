import CardPrepCore
import Foundation
import GRDB

/// The vault index and bundle custody: every change is one transaction with its audit events.
extension Ledger {
    /// Records a bundle written to the vault, with its custody event.
    /// - Throws: `LedgerError.query` when a bundle with the same id, drop or path is recorded already.
    public func recordBundle(_ bundle: VaultBundleRecord, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record bundle \(bundle.id)") { db in
            try bundle.insert(db)
            try Self.append(event, at: time, in: db)
        }
    }

    /// The bundle recorded under `id`, purged or not.
    public func bundle(id: String) throws(LedgerError) -> VaultBundleRecord? {
        try read("read bundle") { try VaultBundleRecord.fetchOne($0, key: id) }
    }

    /// The bundle of a drop, if one was written.
    public func bundle(dropID: String) throws(LedgerError) -> VaultBundleRecord? {
        try read("read bundle") { try VaultBundleRecord.filter(Column("dropID") == dropID).fetchOne($0) }
    }

    /// The bundles matching `query`, by date, then contract, then id.
    public func bundles(matching query: VaultQuery = VaultQuery()) throws(LedgerError) -> [VaultBundleRecord] {
        try read("search bundles") { db in
            var request = VaultBundleRecord.all()
            if let contract = query.contract { request = request.filter(Column("contract") == contract) }
            // A drop of several products or units is filed as MIXED: its cards say which it holds.
            let holds = { (column: String, value: String) -> SQLExpression in
                SQL(
                    """
                    EXISTS (SELECT 1 FROM cardTrace JOIN cardTraceSet ON cardTraceSet.id = cardTrace.setID
                    WHERE cardTraceSet.dropID = vaultBundle.dropID AND cardTrace.\(sql: column) = \(value))
                    """).sqlExpression
            }
            if let unit = query.unit { request = request.filter(Column("unit") == unit || (Column("unit") == "MIXED" && holds("branch", unit))) }
            if let product = query.product {
                request = request.filter(Column("product") == product || (Column("product") == "MIXED" && holds("product", product)))
            }
            if let customer = query.customer {
                request = request.filter(SQL("vaultBundle.dropID IN (SELECT id FROM \"drop\" WHERE customer = \(customer))").sqlExpression)
            }
            if let minimum = query.minimumQuantity { request = request.filter(Column("quantity") >= minimum) }
            if let maximum = query.maximumQuantity { request = request.filter(Column("quantity") <= maximum) }
            if let from = query.from { request = request.filter(Column("date") >= from) }
            if let through = query.through { request = request.filter(Column("date") <= through) }
            if !query.includePurged { request = request.filter(Column("purged") == false) }
            return try request.order(Column("date"), Column("contract"), Column("id")).fetchAll(db)
        }
    }

    /// Marks a drop archived once its bundle verified and its working data is gone, with the custody events.
    public func markDropArchived(
        _ dropID: String, events: [AuditEvent], summary: String, transition: DropTransition, at time: Date
    ) throws(LedgerError) {
        try write("archive drop \(dropID)") { db in
            try StepRecord(dropID: dropID, stage: "archive", completedAt: time, summary: summary).save(db)
            for event in events { try Self.append(event, at: time, in: db) }
            _ = try Self.apply(transition, at: time, in: db)
        }
    }

    /// Marks a bundle removed from the vault after its retention ended.
    public func markBundlePurged(_ id: String, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("purge bundle \(id)") { db in
            guard var bundle = try VaultBundleRecord.fetchOne(db, key: id) else { throw LedgerError.notFound(what: "bundle \(id)") }
            bundle.purged = true
            bundle.purgedAt = time
            try bundle.update(db)
            try Self.append(event, at: time, in: db)
        }
    }

    // MARK: Loans

    /// Records a bundle lent out, with the signed statement it was lent on.
    /// - Returns: the loan with its number.
    /// - Throws: `LedgerError.query` when the bundle is out already or unknown, or the statement was used before.
    public func checkOut(
        _ loan: CustodyLoanRecord, event: AuditEvent, statement: SignedStatementRecord? = nil, at time: Date
    ) throws(LedgerError) -> CustodyLoanRecord {
        try write("check out bundle \(loan.bundleID)") { db in
            if let statement { try Self.record(statement, in: db) }
            guard try VaultBundleRecord.fetchOne(db, key: loan.bundleID) != nil else {
                throw LedgerError.notFound(what: "bundle \(loan.bundleID)")
            }
            let open = try CustodyLoanRecord.filter(Column("bundleID") == loan.bundleID && Column("inAt") == nil).fetchCount(db)
            guard open == 0 else { throw VaultCustodyError.checkedOut(bundleID: loan.bundleID) }
            var loan = loan
            try loan.insert(db)
            try Self.append(event, at: time, in: db)
            return loan
        }
    }

    /// Records the return of the open loan of a bundle: who returned it and who received it, on a signed statement.
    /// - Returns: the closed loan.
    /// - Throws: `LedgerError.query` when the bundle is not out, or the statement was used before.
    public func checkIn(
        bundleID: String, sha256: String, returnedBy: String? = nil, receivedBy: String? = nil, event: AuditEvent,
        statement: SignedStatementRecord? = nil, at time: Date
    ) throws(LedgerError) -> CustodyLoanRecord {
        try write("check in bundle \(bundleID)") { db in
            guard var loan = try CustodyLoanRecord.filter(Column("bundleID") == bundleID && Column("inAt") == nil).fetchOne(db) else {
                throw VaultCustodyError.notCheckedOut(bundleID: bundleID)
            }
            if let statement { try Self.record(statement, in: db) }
            loan.inAt = time
            loan.sha256AtCheckin = sha256
            loan.returnedBy = returnedBy
            loan.receivedBy = receivedBy
            loan.checkinStatement = statement?.digest
            try loan.update(db)
            try Self.append(event, at: time, in: db)
            return loan
        }
    }

    /// Every loan of a bundle, oldest first.
    public func loans(bundleID: String) throws(LedgerError) -> [CustodyLoanRecord] {
        try read("list loans") { try CustodyLoanRecord.filter(Column("bundleID") == bundleID).order(Column("seq")).fetchAll($0) }
    }

    /// The open loan of a bundle, if it is out.
    public func openLoan(bundleID: String) throws(LedgerError) -> CustodyLoanRecord? {
        try read("read loan") {
            try CustodyLoanRecord.filter(Column("bundleID") == bundleID && Column("inAt") == nil).fetchOne($0)
        }
    }

    /// The audit entry at `seq`, to check a signed checkpoint against.
    public func auditEntry(seq: Int64) throws(LedgerError) -> AuditEntry? {
        try read("read audit entry") { try AuditEntry.fetchOne($0, key: seq) }
    }

    /// The last audit entry, if any.
    public func lastAuditEntry() throws(LedgerError) -> AuditEntry? {
        try read("read audit") { try AuditEntry.order(Column("seq").desc).fetchOne($0) }
    }
}

/// Custody rules the ledger enforces for bundle loans.
public enum VaultCustodyError: Error, Equatable, CustomStringConvertible {
    /// The bundle is lent out already; it must be checked in first.
    case checkedOut(bundleID: String)
    /// The bundle is not lent out, so it cannot be checked in.
    case notCheckedOut(bundleID: String)

    public var description: String {
        switch self {
        case let .checkedOut(id): "bundle \(id) is checked out already; check it in first"
        case let .notCheckedOut(id): "bundle \(id) is not checked out"
        }
    }
}
