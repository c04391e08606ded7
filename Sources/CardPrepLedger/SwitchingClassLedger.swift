import CardPrepCore
import Foundation
import GRDB

/// The switching state of one class of nonconformity of one customer and product, kept across lots (ISO 2859-1
/// clause 9 switches each class on its own).
public struct SwitchingClassStateRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "switchingClassState"
    public static var databaseTableName: String { tableName }
    public var customer: String
    public var product: String
    public var defectClass: DefectClass
    public var state: SwitchingState
    public var updatedAt: Date
}

extension Ledger {
    /// The switching state of each class of a customer and product (normal inspection for a class with nothing
    /// recorded yet).
    public func classSwitching(customer: String, product: String) throws(LedgerError) -> ClassSwitching {
        try read("read switching state") { transaction in try Self.classSwitching(customer: customer, product: product, in: transaction) }
    }

    static func classSwitching(customer: String, product: String, in transaction: any LedgerTransaction) throws -> ClassSwitching {
        var switching = ClassSwitching()
        let rows = try transaction.records(
            SwitchingClassStateRecord.self, #"SELECT * FROM "switchingClassState" WHERE "customer" = ? AND "product" = ?"#,
            [.text(customer), .text(product)])
        for row in rows { switching[row.defectClass] = row.state }
        return switching
    }

    static func save(
        _ switching: ClassSwitching, customer: String, product: String, at time: Date, in transaction: any LedgerTransaction
    ) throws {
        let known = try classSwitching(customer: customer, product: product, in: transaction)
        for defectClass in DefectClass.allCases where known.states[defectClass] != switching.states[defectClass] {
            guard let state = switching.states[defectClass] else { continue }
            try transaction.save(
                SwitchingClassStateRecord(customer: customer, product: product, defectClass: defectClass, state: state, updatedAt: time))
        }
    }
}

/// Migration v25: the switching state per class. A state kept for a product as a whole becomes the state of each of
/// its classes, which go on from there separately; the old table is kept as it was, for the audit checkpoints that
/// covered it.
enum SwitchingClassSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "switchingClassState") { t in
            t.column("customer", .text).notNull()
            t.column("product", .text).notNull()
            t.column("defectClass", .text).notNull()
            t.column("state", .text).notNull()
            t.column("updatedAt", .datetime).notNull()
            t.primaryKey(["customer", "product", "defectClass"])
        }
        try db.execute(sql: """
            INSERT INTO switchingClassState (customer, product, defectClass, state, updatedAt)
            SELECT s.customer, s.product, c.defectClass, s.state, s.updatedAt
            FROM switchingState s,
                 (SELECT 'critical' AS defectClass UNION ALL SELECT 'major' UNION ALL SELECT 'minor') c
            """)
    }
}
