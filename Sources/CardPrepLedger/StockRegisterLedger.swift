import CardPrepCore
import Foundation

/// A floor `stock.csv` to post to the register when its drop reconciles: its rows under the order's customer.
public struct FloorStockPosting: Sendable, Equatable {
    public var customer: String
    public var orderID: String
    /// The rows, in time order, their accounts under `customer`.
    public var movements: [StockMovement]
    /// Hex SHA-256 of the file as read.
    public var sha256: String
    /// The locations the order names, for accounts the posting opens.
    public var locations: [String: StockLocationFacts]

    /// Creates a posting.
    public init(customer: String, orderID: String, movements: [StockMovement], sha256: String,
                locations: [String: StockLocationFacts]) {
        self.customer = customer; self.orderID = orderID; self.sha256 = sha256; self.locations = locations
        self.movements = movements.map { var m = $0; m.account = m.account.owned(by: customer); return m }
    }
}

/// Transfers between a customer's locations, reclassification to obsolete, the floor's postings and the accounts a
/// customer's statement reads.
extension Ledger {
    /// Runs `body` in a write transaction; a `StockRegisterError` thrown inside rolls it back and comes out as is.
    func writeStock<T>(_ operation: String, _ body: (any LedgerTransaction) throws -> T) throws(StockRegisterError) -> T {
        var refusal: StockRegisterError?
        do {
            return try write(operation) { transaction in
                do { return try body(transaction) } catch let error as StockRegisterError { refusal = error; throw error }
            }
        } catch { throw refusal ?? .ledger(error) }
    }

    /// Moves usable cards from one location of a customer to another (headquarters to a branch, or back): a
    /// `transferred-out` on the source and a `transferred-in` on the destination, one reference, one transaction.
    /// With `statement`, the signed statement it was done on is recorded as used in the same transaction, and its
    /// digest stands in both movements' audit events.
    /// - Returns: the two records, source first.
    /// - Throws: `StockRegisterError` for accounts of two customers, products or classes, one account, a future date
    ///   or more cards than the source holds; `.ledger` wrapping `SignedStatementLedgerError.alreadyUsed`.
    public func transferStock(
        _ quantity: Int, from source: StockAccountKey, to destination: StockAccountKey, time: Date, reference: String,
        note: String, actor: String, host: String, at now: Date, statement: SignedStatementRecord? = nil
    ) throws(StockRegisterError) -> [StockMovementRecord] {
        guard source != destination else { throw .sameAccount(source.description) }
        guard source.customer == destination.customer, source.product == destination.product,
            source.stockClass == destination.stockClass, !source.customer.isEmpty
        else { throw .notATransfer(from: source.description, to: destination.description) }
        let movements = [
            StockMovement(time: time, account: source, kind: .transferredOut, quantity: quantity, reference: reference,
                          note: note.isEmpty ? "to \(destination.location)" : note),
            StockMovement(time: time, account: destination, kind: .transferredIn, quantity: quantity, reference: reference,
                          note: note.isEmpty ? "from \(source.location)" : note),
        ]
        return try writeStock("transfer stock") { transaction in
            if let statement { try Self.record(statement, in: transaction) }
            return try Self.insert(movements, actor: actor, host: host, at: now, statement: statement?.digest, in: transaction)
        }
    }

    /// Reclassifies usable blank or prefabricated cards of an account as obsolete at the same location: a
    /// `reclassified-out` on the account and a `reclassified-in` on its obsolete account, in one transaction.
    /// With `statement`, the signed statement it was done on is recorded as in `transferStock`.
    /// - Returns: the two records, the source first.
    /// - Throws: `StockRegisterError` for obsolete cards, a future date or more cards than the account holds;
    ///   `.ledger` wrapping `SignedStatementLedgerError.alreadyUsed`.
    public func reclassifyStock(
        _ quantity: Int, from source: StockAccountKey, time: Date, reference: String, note: String, actor: String,
        host: String, at now: Date, statement: SignedStatementRecord? = nil
    ) throws(StockRegisterError) -> [StockMovementRecord] {
        var target = source
        target.stockClass = .obsolete
        guard source.stockClass != .obsolete, !source.customer.isEmpty else {
            throw .notAReclassification(from: source.description, to: target.description)
        }
        let movements = [
            StockMovement(time: time, account: source, kind: .reclassifiedOut, quantity: quantity, reference: reference, note: note),
            StockMovement(time: time, account: target, kind: .reclassifiedIn, quantity: quantity, reference: reference, note: note),
        ]
        return try writeStock("reclassify stock") { transaction in
            if let statement { try Self.record(statement, in: transaction) }
            return try Self.insert(movements, actor: actor, host: host, at: now, statement: statement?.digest, in: transaction)
        }
    }

    /// Posts a drop's floor `stock.csv` inside the caller's transaction, unless the drop's stock was posted before:
    /// its rows, in time order, with the audit event `stock.posted`.
    /// - Returns: whether it posted (false: posted before).
    static func post(_ posting: FloorStockPosting, dropID: String, actor: String, host: String, at time: Date,
                     in transaction: any LedgerTransaction) throws -> Bool {
        guard try StockPostingRecord.find(dropID, in: transaction) == nil else { return false }
        _ = try insert(posting.movements, actor: actor, host: host, at: time, locations: posting.locations, in: transaction)
        try transaction.insert(StockPostingRecord(
            dropID: dropID, customer: posting.customer, orderID: posting.orderID, sha256: posting.sha256,
            movements: posting.movements.count, postedAt: time))
        try append(AuditEvent(event: "stock.posted", dropID: dropID, actor: actor, host: host, details: [
            "customer": posting.customer, "order": posting.orderID, "sha256": posting.sha256,
            "movements": String(posting.movements.count),
        ]), at: time, in: transaction)
        return true
    }

    /// The posting of `dropID`'s floor stock, if it was posted.
    public func stockPosting(dropID: String) throws(LedgerError) -> StockPostingRecord? {
        try read("read stock posting") { try StockPostingRecord.find(dropID, in: $0) }
    }

    /// A customer's accounts, each with every movement and count recorded up to `until` (exclusive), in time order
    /// (same time: order of recording).
    public func stockAccounts(customer: String, until: Date) throws(LedgerError)
        -> [(account: StockAccountRecord, movements: [StockMovementRecord])] {
        try read("read stock accounts of \(customer)") { transaction in
            try transaction.records(StockAccountRecord.self, #"SELECT * FROM "stockAccount" WHERE "customer" = ? ORDER BY "id""#,
                                    [.text(customer)]).sorted { $0.key < $1.key }.map { account in
                let movements = try transaction.records(
                    StockMovementRecord.self,
                    #"SELECT * FROM "stockMovement" WHERE "accountID" = ? AND "at" < ? ORDER BY "at", "seq""#,
                    [account.id.map { .integer($0) } ?? .null, .date(until)])
                return (account, movements)
            }
        }
    }
}

extension StockPostingRecord {
    /// The posting of a drop's floor stock in a transaction, if any.
    static func find(_ dropID: String, in transaction: any LedgerTransaction) throws -> StockPostingRecord? {
        try transaction.record(StockPostingRecord.self, #"SELECT * FROM "stockPosting" WHERE "dropID" = ?"#, [.text(dropID)])
    }
}
