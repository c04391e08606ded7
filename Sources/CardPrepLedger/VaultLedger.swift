import CardPrepCore
import Foundation

/// The vault index and bundle custody: every change is one transaction with its audit events.
extension Ledger {
    /// Records a bundle written to the vault, with its custody event.
    /// - Throws: `LedgerError.query` when a bundle with the same id, drop or path is recorded already.
    public func recordBundle(_ bundle: VaultBundleRecord, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("record bundle \(bundle.id)") { transaction in
            try transaction.insert(bundle)
            try Self.append(event, at: time, in: transaction)
        }
    }

    /// The bundle recorded under `id`, purged or not.
    public func bundle(id: String) throws(LedgerError) -> VaultBundleRecord? {
        try read("read bundle") { try VaultBundleRecord.find(id, in: $0) }
    }

    /// The bundle of a drop, if one was written.
    public func bundle(dropID: String) throws(LedgerError) -> VaultBundleRecord? {
        try read("read bundle") {
            try $0.record(VaultBundleRecord.self, #"SELECT * FROM "vaultBundle" WHERE "dropID" = ? LIMIT 1"#, [.text(dropID)])
        }
    }

    /// The bundles matching `query`, by date, then contract, then id.
    public func bundles(matching query: VaultQuery = VaultQuery()) throws(LedgerError) -> [VaultBundleRecord] {
        var conditions: [String] = []
        var arguments: [LedgerValue] = []
        func condition(_ sql: String, _ values: LedgerValue...) { conditions.append(sql); arguments += values }
        // A drop of several products or units is filed as MIXED: its cards say which it holds.
        let holds = { (column: String) in
            """
            EXISTS (SELECT 1 FROM "cardTrace" JOIN "cardTraceSet" ON "cardTraceSet"."id" = "cardTrace"."setID"
            WHERE "cardTraceSet"."dropID" = "vaultBundle"."dropID" AND "cardTrace".\(quoted(column)) = ?)
            """
        }
        if let contract = query.contract { condition(#""contract" = ?"#, .text(contract)) }
        if let unit = query.unit { condition(#"("unit" = ? OR ("unit" = 'MIXED' AND "# + holds("branch") + "))", .text(unit), .text(unit)) }
        if let product = query.product {
            condition(#"("product" = ? OR ("product" = 'MIXED' AND "# + holds("product") + "))", .text(product), .text(product))
        }
        if let customer = query.customer {
            condition(#""vaultBundle"."dropID" IN (SELECT "id" FROM "drop" WHERE "customer" = ?)"#, .text(customer))
        }
        if let minimum = query.minimumQuantity { condition(#""quantity" >= ?"#, .int(minimum)) }
        if let maximum = query.maximumQuantity { condition(#""quantity" <= ?"#, .int(maximum)) }
        if let from = query.from { condition(#""date" >= ?"#, .text(from)) }
        if let through = query.through { condition(#""date" <= ?"#, .text(through)) }
        if !query.includePurged { condition(#""purged" = 0"#) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read("search bundles") {
            try $0.records(
                VaultBundleRecord.self, #"SELECT * FROM "vaultBundle""# + filter + #" ORDER BY "date", "contract", "id""#, arguments)
        }
    }

    /// Marks a drop archived once its bundle verified and its working data is gone, with the custody events.
    public func markDropArchived(
        _ dropID: String, events: [AuditEvent], summary: String, transition: DropTransition, at time: Date
    ) throws(LedgerError) {
        try write("archive drop \(dropID)") { transaction in
            try transaction.save(StepRecord(dropID: dropID, stage: "archive", completedAt: time, summary: summary))
            for event in events { try Self.append(event, at: time, in: transaction) }
            _ = try Self.apply(transition, at: time, in: transaction)
        }
    }

    /// Marks a bundle removed from the vault after its retention ended.
    public func markBundlePurged(_ id: String, event: AuditEvent, at time: Date) throws(LedgerError) {
        try write("purge bundle \(id)") { transaction in
            guard var bundle = try VaultBundleRecord.find(id, in: transaction) else { throw LedgerError.notFound(what: "bundle \(id)") }
            bundle.purged = true
            bundle.purgedAt = time
            try transaction.update(bundle)
            try Self.append(event, at: time, in: transaction)
        }
    }

    // MARK: Loans

    /// Records a bundle lent out, with the signed statement it was lent on.
    /// - Returns: the loan with its number.
    /// - Throws: `LedgerError.query` when the bundle is out already or unknown, or the statement was used before.
    public func checkOut(
        _ loan: CustodyLoanRecord, event: AuditEvent, statement: SignedStatementRecord? = nil, at time: Date
    ) throws(LedgerError) -> CustodyLoanRecord {
        try write("check out bundle \(loan.bundleID)") { transaction in
            if let statement { try Self.record(statement, in: transaction) }
            guard try VaultBundleRecord.find(loan.bundleID, in: transaction) != nil else {
                throw LedgerError.notFound(what: "bundle \(loan.bundleID)")
            }
            guard try CustodyLoanRecord.open(bundleID: loan.bundleID, in: transaction) == nil else {
                throw VaultCustodyError.checkedOut(bundleID: loan.bundleID)
            }
            var loan = loan
            loan.seq = try transaction.insert(loan, generating: "seq")
            try Self.append(event, at: time, in: transaction)
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
        try write("check in bundle \(bundleID)") { transaction in
            guard var loan = try CustodyLoanRecord.open(bundleID: bundleID, in: transaction) else {
                throw VaultCustodyError.notCheckedOut(bundleID: bundleID)
            }
            if let statement { try Self.record(statement, in: transaction) }
            loan.inAt = time
            loan.sha256AtCheckin = sha256
            loan.returnedBy = returnedBy
            loan.receivedBy = receivedBy
            loan.checkinStatement = statement?.digest
            try transaction.update(loan)
            try Self.append(event, at: time, in: transaction)
            return loan
        }
    }

    /// Every loan of a bundle, oldest first.
    public func loans(bundleID: String) throws(LedgerError) -> [CustodyLoanRecord] {
        try read("list loans") {
            try $0.records(CustodyLoanRecord.self, #"SELECT * FROM "custodyLoan" WHERE "bundleID" = ? ORDER BY "seq""#, [.text(bundleID)])
        }
    }

    /// The open loan of a bundle, if it is out.
    public func openLoan(bundleID: String) throws(LedgerError) -> CustodyLoanRecord? {
        try read("read loan") { try CustodyLoanRecord.open(bundleID: bundleID, in: $0) }
    }

    /// The audit entry at `seq`, to check a signed checkpoint against.
    public func auditEntry(seq: Int64) throws(LedgerError) -> AuditEntry? {
        try read("read audit entry") { try $0.record(AuditEntry.self, #"SELECT * FROM "audit" WHERE "seq" = ?"#, [.integer(seq)]) }
    }

    /// The last audit entry, if any.
    public func lastAuditEntry() throws(LedgerError) -> AuditEntry? {
        try read("read audit") { try AuditEntry.last(in: $0) }
    }
}

extension VaultBundleRecord {
    /// The bundle recorded under `id` in a transaction, if any.
    static func find(_ id: String, in transaction: any LedgerTransaction) throws -> VaultBundleRecord? {
        try transaction.record(VaultBundleRecord.self, #"SELECT * FROM "vaultBundle" WHERE "id" = ?"#, [.text(id)])
    }
}

extension CustodyLoanRecord {
    /// The loan of a bundle not yet checked in, in a transaction, if any.
    static func open(bundleID: String, in transaction: any LedgerTransaction) throws -> CustodyLoanRecord? {
        try transaction.record(
            CustodyLoanRecord.self, #"SELECT * FROM "custodyLoan" WHERE "bundleID" = ? AND "inAt" IS NULL LIMIT 1"#, [.text(bundleID)])
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
