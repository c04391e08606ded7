import CardPrepCore
import Foundation

/// The stock register: one account per (customer unit or branch, product, stock class), movements and counts in
/// the order they are recorded, each with the balance after it and its audit event. See `StockBalance` for the
/// equation the balances follow.
extension Ledger {
    /// Records a movement (received, issued, returned, spoiled, destroyed), opening the account on first use.
    /// - Returns: the record with the account's balance after it.
    /// - Throws: `StockRegisterError.insufficient` when it would take more cards than the balance it draws on holds,
    ///   `.wrongKind` for a count, `.ledger` when the database fails.
    public func recordStockMovement(_ movement: StockMovement, actor: String, host: String, at time: Date)
        throws(StockRegisterError) -> StockMovementRecord {
        guard !movement.kind.isCount else { throw .wrongKind(movement.kind) }
        return try writeStock("record stock movement") { transaction in
            try Self.insert([movement], actor: actor, host: host, at: time, in: transaction)[0]
        }
    }

    /// Inserts `movements` in order, each against the balance the one before left, with its audit event (a count is
    /// compared with the usable balance and changes none); opens accounts on first use (with `locations` facts when
    /// given). With `statement` (a signed statement's digest), each event names it.
    /// - Returns: the records.
    /// - Throws: `StockRegisterError` for the first movement refused (future-dated, or more cards than the balance it
    ///   draws on holds), which rolls back the caller's transaction; database errors.
    static func insert(
        _ movements: [StockMovement], actor: String, host: String, at time: Date, locations: [String: StockLocationFacts] = [:],
        statement: String? = nil, in transaction: any LedgerTransaction
    ) throws -> [StockMovementRecord] {
        var records: [StockMovementRecord] = []
        for movement in movements {
            if movement.time > time {
                throw StockRegisterError.futureDated(
                    account: movement.account.description, kind: movement.kind, time: movement.time, now: time)
            }
            let (accountID, balance) = try account(movement.account, facts: locations[movement.account.location], in: transaction)
            let after = movement.kind.isCount ? balance : balance.applying(movement.kind, movement.quantity)
            if after.usable < 0 || after.awaitingDestruction < 0 {
                let available = after.usable < 0 ? balance.usable : balance.awaitingDestruction
                throw StockRegisterError.insufficient(account: movement.account.description, kind: movement.kind,
                                                      quantity: movement.quantity, available: available)
            }
            var record = Self.record(movement, accountID: accountID, actor: actor, after: after)
            record.seq = try transaction.insert(record, generating: "seq")
            var event = Self.event("stock.\(movement.kind.rawValue)", movement, actor: actor, host: host, after: after)
            if movement.kind.isCount {
                let finding = StockBook.variance(movement, book: balance.usable)
                event = Self.event(finding == nil ? "stock.count" : "stock.count-variance", movement, actor: actor, host: host, after: balance)
                event.details["book"] = String(balance.usable)
            }
            if let statement { event.details["statement"] = statement }
            try Self.append(event, at: time, in: transaction)
            records.append(record)
        }
        return records
    }

    /// Records a physical count of an account's usable cards; a count never changes the book.
    /// - Returns: the record and the variance finding when the count differs from the usable balance.
    /// - Throws: `StockRegisterError.wrongKind` unless the movement is an inventory or spot check; `.ledger`.
    public func recordStockCount(_ count: StockMovement, actor: String, host: String, at time: Date)
        throws(StockRegisterError) -> StockCountOutcome {
        guard count.kind.isCount else { throw .wrongKind(count.kind) }
        guard count.time <= time else {
            throw .futureDated(account: count.account.description, kind: count.kind, time: count.time, now: time)
        }
        do {
            return try write("record stock count") { transaction in
                let (accountID, balance) = try Self.account(count.account, in: transaction)
                var record = Self.record(count, accountID: accountID, actor: actor, after: balance)
                record.seq = try transaction.insert(record, generating: "seq")
                let finding = StockBook.variance(count, book: balance.usable)
                var event = Self.event(finding == nil ? "stock.count" : "stock.count-variance", count, actor: actor, host: host,
                                       after: balance)
                event.details["book"] = String(balance.usable)
                try Self.append(event, at: time, in: transaction)
                return StockCountOutcome(record: record, book: balance.usable, finding: finding)
            }
        } catch { throw .ledger(error) }
    }

    /// The account's balance now (zero for an account never used).
    public func stockBalance(_ key: StockAccountKey) throws(LedgerError) -> StockBalance {
        try read("read stock balance") { transaction in
            try Self.balance(of: Self.accountRecord(key, in: transaction)?.id, in: transaction)
        }
    }

    /// Every account with its balance now, by location, product and class.
    public func stockBalances() throws(LedgerError) -> [(account: StockAccountKey, balance: StockBalance)] {
        try read("read stock balances") { transaction in
            try transaction.records(StockAccountRecord.self, #"SELECT * FROM "stockAccount" ORDER BY "id""#)
                .map { ($0.key, try Self.balance(of: $0.id, in: transaction)) }.sorted { $0.account < $1.account }
        }
    }

    /// An account's movements and counts in the order recorded, optionally only those at or after `from` and before `until`.
    public func stockHistory(_ key: StockAccountKey, from: Date? = nil, until: Date? = nil) throws(LedgerError) -> [StockMovementRecord] {
        try read("read stock history") { transaction in
            guard let id = try Self.accountRecord(key, in: transaction)?.id else { return [] }
            var sql = #"SELECT * FROM "stockMovement" WHERE "accountID" = ?"#
            var arguments: [LedgerValue] = [.integer(id)]
            if let from { sql += #" AND "at" >= ?"#; arguments.append(.date(from)) }
            if let until { sql += #" AND "at" < ?"#; arguments.append(.date(until)) }
            return try transaction.records(StockMovementRecord.self, sql + #" ORDER BY "seq""#, arguments)
        }
    }

    /// An account's period from `from` (inclusive) to `until` (exclusive) by movement time: opening balance, sums by
    /// kind and closing balance. Movements are expected to be recorded in time order.
    public func stockPeriod(_ key: StockAccountKey, from: Date, until: Date) throws(LedgerError) -> StockPeriod {
        let before = try stockHistory(key, until: from)
        let during = try stockHistory(key, from: from, until: until)
        let opening = before.last?.balanceAfter ?? StockBalance()
        var period = StockPeriod(account: key, opening: opening, closing: during.last?.balanceAfter ?? opening)
        for movement in during {
            switch movement.kind {
            case .received: period.received += movement.quantity
            case .issued: period.issued += movement.quantity
            case .returned: period.returned += movement.quantity
            case .spoiled: period.spoiled += movement.quantity
            case .destroyed: period.destroyed += movement.quantity
            case .transferredIn: period.transferredIn += movement.quantity
            case .transferredOut: period.transferredOut += movement.quantity
            case .reclassifiedIn: period.reclassifiedIn += movement.quantity
            case .reclassifiedOut: period.reclassifiedOut += movement.quantity
            case .inventory, .spotCheck: break
            }
        }
        return period
    }

    static func accountRecord(_ key: StockAccountKey, in transaction: any LedgerTransaction) throws -> StockAccountRecord? {
        try transaction.record(
            StockAccountRecord.self,
            #"SELECT * FROM "stockAccount" WHERE "customer" = ? AND "location" = ? AND "product" = ? AND "stockClass" = ? LIMIT 1"#,
            [.text(key.customer), .text(key.location), .text(key.product), .text(key.stockClass.rawValue)])
    }

    static func account(
        _ key: StockAccountKey, facts: StockLocationFacts? = nil, in transaction: any LedgerTransaction
    ) throws -> (Int64, StockBalance) {
        if let existing = try accountRecord(key, in: transaction), let id = existing.id {
            return (id, try balance(of: id, in: transaction))
        }
        let record = StockAccountRecord(id: nil, location: key.location, product: key.product, stockClass: key.stockClass,
                                        customer: key.customer, locationKind: facts?.kind.rawValue ?? "",
                                        locationName: facts?.name ?? "")
        return (try transaction.insert(record, generating: "id"), StockBalance())
    }

    static func balance(of accountID: Int64?, in transaction: any LedgerTransaction) throws -> StockBalance {
        guard let accountID else { return StockBalance() }
        let last = try transaction.record(
            StockMovementRecord.self, #"SELECT * FROM "stockMovement" WHERE "accountID" = ? ORDER BY "seq" DESC LIMIT 1"#,
            [.integer(accountID)])
        return last?.balanceAfter ?? StockBalance()
    }

    static func record(_ movement: StockMovement, accountID: Int64, actor: String, after: StockBalance) -> StockMovementRecord {
        StockMovementRecord(seq: nil, accountID: accountID, at: movement.time, kind: movement.kind, quantity: movement.quantity,
                            reference: movement.reference, note: movement.note, actor: actor, usableAfter: after.usable,
                            awaitingDestructionAfter: after.awaitingDestruction)
    }

    static func event(_ name: String, _ movement: StockMovement, actor: String, host: String, after: StockBalance) -> AuditEvent {
        AuditEvent(event: name, actor: actor, host: host, details: [
            "account": movement.account.description, "quantity": String(movement.quantity), "reference": movement.reference,
            "usable": String(after.usable), "awaitingDestruction": String(after.awaitingDestruction),
        ])
    }
}

/// The reconcile stage's completion: its step record and audit event, in one transaction.
extension Ledger {
    /// Records that a drop was reconciled (again): the `reconcile` step with `summary`, `event` in the audit log, and the
    /// floor's reports when they differ from the last kept for the drop (see `CardTraceSchema`).
    /// With `stock`, a drop that reconciles has its floor `stock.csv` posted to the register in the same transaction,
    /// once (a drop posted before is not posted again); a posting the register refuses leaves everything unrecorded.
    public func recordReconciliation(
        dropID: String, summary: String, floorReports: FloorReports? = nil, stock: FloorStockPosting? = nil, event: AuditEvent,
        transition: DropTransition, at time: Date
    ) throws(LedgerError) {
        try write("record reconciliation of \(dropID)") { transaction in
            if let floorReports {
                _ = try Self.keepFloorReports(floorReports, dropID: dropID, at: time, in: transaction)
            }
            if let stock { _ = try Self.post(stock, dropID: dropID, actor: event.actor, host: event.host, at: time, in: transaction) }
            try transaction.save(StepRecord(dropID: dropID, stage: "reconcile", completedAt: time, summary: summary))
            try Self.append(event, at: time, in: transaction)
            _ = try Self.apply(transition, at: time, in: transaction)
        }
    }
}
