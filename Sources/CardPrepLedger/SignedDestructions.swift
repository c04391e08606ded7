import CardPrepCore
import Foundation
import GRDB

/// A destruction of cards as the ledger keeps it: what was destroyed, where, how and on which camera recording, and
/// the four people who signed the statement it was done on, each with the department the register gave them then.
public struct SignedDestructionRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, MutablePersistableRecord {
    public static let tableName = "signedDestruction"
    public static var databaseTableName: String { tableName }
    /// The order of recording, from 1.
    public var seq: Int64?
    /// The destruction record's id, unique.
    public var id: String
    public var time: Date
    public var place: String
    public var method: String
    public var product: String
    public var quantity: Int
    /// The serial ranges, `first-last` or one serial, separated by `;`.
    public var serials: String
    public var cctv: String
    public var reason: String
    public var executor: String
    public var executorDepartment: String
    public var productionWitness: String
    public var productionWitnessDepartment: String
    public var securityWitness: String
    public var securityWitnessDepartment: String
    public var warehouseWitness: String
    public var warehouseWitnessDepartment: String
    /// The SHA-256 of the signed statement (its row in `signedStatement`).
    public var statement: String
    /// The stock account the cards left (`location/product/class`), or nil for cards that left stock when issued.
    public var stockAccount: String?
    /// When it was recorded.
    public var recordedAt: Date

    /// Creates the record of `destruction`, signed on the statement with digest `statement`.
    public init(_ destruction: SignedDestruction, reason: String, statement: String, stockAccount: String?, recordedAt: Date) {
        func signer(_ duty: String) -> SignedDestruction.Signer {
            destruction.witnesses.first { $0.duty == duty } ?? destruction.executor
        }
        let production = signer("production-witness"), security = signer("security-witness")
        let warehouse = signer("warehouse-witness")
        seq = nil; id = destruction.id; time = destruction.time; place = destruction.place
        method = destruction.method.rawValue; product = destruction.product; quantity = destruction.quantity
        serials = destruction.serialText; cctv = destruction.cctv; self.reason = reason
        executor = destruction.executor.person; executorDepartment = destruction.executor.department.rawValue
        productionWitness = production.person; productionWitnessDepartment = production.department.rawValue
        securityWitness = security.person; securityWitnessDepartment = security.department.rawValue
        warehouseWitness = warehouse.person; warehouseWitnessDepartment = warehouse.department.rawValue
        self.statement = statement; self.stockAccount = stockAccount; self.recordedAt = recordedAt
    }

    /// The destruction as reconciliation reads it; nil for a row whose method, serials or departments do not read.
    public var destruction: SignedDestruction? {
        guard let method = DestructionRecord.Method(rawValue: method) else { return nil }
        let ranges = serials.split(separator: ";").compactMap { SerialRange(String($0)) }
        let people = [
            ("executor", executor, executorDepartment), ("production-witness", productionWitness, productionWitnessDepartment),
            ("security-witness", securityWitness, securityWitnessDepartment),
            ("warehouse-witness", warehouseWitness, warehouseWitnessDepartment),
        ].compactMap { duty, person, department in
            Department(rawValue: department).map { SignedDestruction.Signer(duty: duty, person: person, department: $0) }
        }
        guard people.count == 4, !ranges.isEmpty else { return nil }
        return SignedDestruction(
            id: id, time: time, place: place, method: method, product: product, quantity: quantity, serials: ranges,
            cctv: cctv, executor: people[0], witnesses: Array(people.dropFirst()))
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}

/// Why the ledger refused a signed destruction.
public enum SignedDestructionLedgerError: Error, Equatable, CustomStringConvertible {
    /// A destruction was recorded under the same id before.
    case duplicate(id: String, recordedAt: Date, executor: String)

    public var description: String {
        switch self {
        case let .duplicate(id, at, executor):
            "destruction \(id) was recorded at \(Timestamp.iso8601(at)), executed by \(executor); a record id is used once"
        }
    }
}

extension Ledger {
    /// Records a signed destruction in one transaction: the destruction, the statement it was signed on (as used),
    /// the stock movement `destroyed` when the cards leave a stock account's balance awaiting destruction, and its
    /// audit event. Nothing is recorded when any of them is refused.
    /// - Parameters:
    ///   - movement: the `destroyed` movement, or nil for cards that left stock when they were issued.
    /// - Throws: `LedgerError.query` wrapping `SignedDestructionLedgerError.duplicate` for an id recorded before,
    ///   `SignedStatementLedgerError.alreadyUsed` for a statement used before, or `StockRegisterError.insufficient`
    ///   when the account holds fewer cards awaiting destruction.
    public func recordSignedDestruction(
        _ record: SignedDestructionRecord, statement: SignedStatementRecord, movement: StockMovement?, event: AuditEvent,
        at time: Date
    ) throws(LedgerError) -> SignedDestructionRecord {
        try write("record signed destruction \(record.id)") { transaction in
            if let earlier = try SignedDestructionRecord.find(record.id, in: transaction) {
                throw SignedDestructionLedgerError.duplicate(
                    id: earlier.id, recordedAt: earlier.recordedAt, executor: earlier.executor)
            }
            try Self.record(statement, in: transaction)
            var record = record
            record.seq = try transaction.insert(record, generating: "seq")
            if let movement {
                let (accountID, balance) = try Self.account(movement.account, in: transaction)
                let after = balance.applying(movement.kind, movement.quantity)
                guard after.awaitingDestruction >= 0, after.usable >= 0 else {
                    throw StockRegisterError.insufficient(
                        account: movement.account.description, kind: movement.kind, quantity: movement.quantity,
                        available: balance.awaitingDestruction)
                }
                let stock = Self.record(movement, accountID: accountID, actor: event.actor, after: after)
                _ = try transaction.insert(stock, generating: "seq")
                try Self.append(
                    Self.event("stock.\(movement.kind.rawValue)", movement, actor: event.actor, host: event.host, after: after),
                    at: time, in: transaction)
            }
            try Self.append(event, at: time, in: transaction)
            return record
        }
    }

    /// The signed destruction recorded under `id`, if any.
    public func signedDestruction(id: String) throws(LedgerError) -> SignedDestructionRecord? {
        try read("read signed destruction") { try SignedDestructionRecord.find(id, in: $0) }
    }

    /// The signed destructions in the order recorded; only those of `products` when given.
    public func signedDestructions(products: Set<String>? = nil) throws(LedgerError) -> [SignedDestructionRecord] {
        if let products, products.isEmpty { return [] }
        let names = products.map { $0.sorted() } ?? []
        let filter = products == nil ? "" : #" WHERE "product" IN ("# + names.map { _ in "?" }.joined(separator: ", ") + ")"
        return try read("list signed destructions") {
            try $0.records(
                SignedDestructionRecord.self, #"SELECT * FROM "signedDestruction""# + filter + #" ORDER BY "seq""#,
                names.map { .text($0) })
        }
    }
}

extension SignedDestructionRecord {
    /// The signed destruction recorded under `id` in a transaction, if any.
    static func find(_ id: String, in transaction: any LedgerTransaction) throws -> SignedDestructionRecord? {
        try transaction.record(SignedDestructionRecord.self, #"SELECT * FROM "signedDestruction" WHERE "id" = ? LIMIT 1"#, [.text(id)])
    }
}

/// The schema of signed destructions (migration v9).
enum SignedDestructionSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "signedDestruction") { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("id", .text).notNull().unique()
            t.column("time", .datetime).notNull()
            t.column("place", .text).notNull()
            t.column("method", .text).notNull()
            t.column("product", .text).notNull().indexed()
            t.column("quantity", .integer).notNull()
            t.column("serials", .text).notNull()
            t.column("cctv", .text).notNull()
            t.column("reason", .text).notNull()
            for duty in ["executor", "productionWitness", "securityWitness", "warehouseWitness"] {
                t.column(duty, .text).notNull()
                t.column(duty + "Department", .text).notNull()
            }
            t.column("statement", .text).notNull().unique().references("signedStatement")
            t.column("stockAccount", .text)
            t.column("recordedAt", .datetime).notNull()
        }
    }
}
