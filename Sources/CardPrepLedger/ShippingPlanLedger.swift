import CardPrepCore
import Foundation
import GRDB

/// A drop's shipping plan as the ledger keeps it: its decisions in columns (priority, method, due date, earliest
/// dispatch, whether it meets the due date, boxes, cards) and the whole typed plan as its JSON encoding.
public struct ShippingPlanRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "shippingPlan"
    public static var databaseTableName: String { tableName }
    public var dropID: String
    public var customer: String
    public var orderID: String
    /// `standard` or `urgent`.
    public var priority: String
    /// `air-cargo`, `express-courier` or `post`.
    public var method: String
    public var dueDate: String
    public var plannedOn: String
    public var earliestDispatch: String
    public var meetsDueDate: Bool
    public var shipments: Int
    public var boxes: Int
    public var cards: Int
    /// The plan, encoded as `ShippingPlan`.
    public var plan: String
    public var recordedAt: Date

    /// The record of `plan`, made at `time`.
    public init(_ plan: ShippingPlan, at time: Date) throws {
        dropID = plan.dropID; customer = plan.customer; orderID = plan.orderID; priority = plan.priority.rawValue; method = plan.method.rawValue
        dueDate = plan.dueDate.description; plannedOn = plan.plannedOn.description
        earliestDispatch = plan.earliestDispatch.description; meetsDueDate = plan.meetsDueDate
        shipments = plan.shipments.count; boxes = plan.boxCount; cards = plan.cards
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.plan = String(decoding: try encoder.encode(plan), as: UTF8.self)
        recordedAt = time
    }

    /// The typed plan.
    public func decoded() throws -> ShippingPlan { try JSONDecoder().decode(ShippingPlan.self, from: Data(plan.utf8)) }
}

/// One planned box, a row per box, so that the ledger answers "how many boxes go out by which carrier" directly.
public struct ShippingPlanBoxRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "shippingPlanBox"
    public static var databaseTableName: String { tableName }
    public var dropID: String
    public var shipment: Int
    public var box: Int
    public var branch: String
    public var product: String
    public var cards: Int
    /// The carrier; empty when no rule matched.
    public var carrier: String
    public var dispatchBy: String
}

extension Ledger {
    /// Records `plan` for its drop with its audit event, in one transaction, unless the drop has a plan already (a
    /// transform run again after a crash keeps the first).
    /// - Returns: whether the plan was recorded.
    @discardableResult
    public func recordShippingPlan(_ plan: ShippingPlan, event: AuditEvent, at time: Date) throws(LedgerError) -> Bool {
        try write("record shipping plan") { transaction in
            guard try ShippingPlanRecord.find(plan.dropID, in: transaction) == nil else { return false }
            try transaction.insert(ShippingPlanRecord(plan, at: time))
            for shipment in plan.shipments {
                for box in shipment.boxes {
                    try transaction.insert(ShippingPlanBoxRecord(
                        dropID: plan.dropID, shipment: shipment.number, box: box.number, branch: shipment.branch,
                        product: box.product, cards: box.cards, carrier: shipment.carrier ?? "",
                        dispatchBy: shipment.dispatchBy.description))
                }
            }
            try Self.append(event, at: time, in: transaction)
            return true
        }
    }

    /// The shipping plan of `dropID`, if one was made.
    public func shippingPlan(dropID: String) throws(LedgerError) -> ShippingPlan? {
        try read("read shipping plan") { try ShippingPlanRecord.find(dropID, in: $0)?.decoded() }
    }

    /// Every shipping plan, in the order they were recorded.
    public func shippingPlans() throws(LedgerError) -> [ShippingPlan] {
        try read("list shipping plans") {
            try $0.records(ShippingPlanRecord.self, #"SELECT * FROM "shippingPlan" ORDER BY "recordedAt", "dropID""#).map { try $0.decoded() }
        }
    }
}

extension ShippingPlanRecord {
    /// The shipping plan of a drop in a transaction, if any.
    static func find(_ dropID: String, in transaction: any LedgerTransaction) throws -> ShippingPlanRecord? {
        try transaction.record(ShippingPlanRecord.self, #"SELECT * FROM "shippingPlan" WHERE "dropID" = ?"#, [.text(dropID)])
    }
}

/// The schema of shipping plans.
enum ShippingPlanSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "shippingPlan") { t in
            t.primaryKey("dropID", .text).references("drop")
            t.column("customer", .text).notNull()
            t.column("orderID", .text).notNull()
            t.column("priority", .text).notNull()
            t.column("method", .text).notNull()
            t.column("dueDate", .text).notNull()
            t.column("plannedOn", .text).notNull()
            t.column("earliestDispatch", .text).notNull()
            t.column("meetsDueDate", .boolean).notNull()
            t.column("shipments", .integer).notNull()
            t.column("boxes", .integer).notNull()
            t.column("cards", .integer).notNull()
            t.column("plan", .text).notNull()
            t.column("recordedAt", .datetime).notNull()
        }
        try db.create(table: "shippingPlanBox") { t in
            t.column("dropID", .text).notNull().indexed().references("shippingPlan")
            t.column("shipment", .integer).notNull()
            t.column("box", .integer).notNull()
            t.column("branch", .text).notNull()
            t.column("product", .text).notNull()
            t.column("cards", .integer).notNull()
            t.column("carrier", .text).notNull()
            t.column("dispatchBy", .text).notNull()
            t.primaryKey(["dropID", "shipment", "box"])
        }
    }
}
