import CardPrepCore
import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

/// Shipping plans in the ledger (v17): one per drop, its decisions in columns and a row per box, kept as first
/// recorded, covered by audit checkpoints.
@Suite struct ShippingPlanLedgerTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shipping-\(UUID().uuidString)").path
    let time = Date(timeIntervalSince1970: 1_793_700_000)

    func ledger(_ kind: LedgerStoreKind = .sqlite) throws -> Ledger {
        let ledger = try TestLedgers.new(kind, in: folder)
        try ledger.registerIngestedDrop(
            DropRecord(id: "d1", customer: "C-1", name: "drop-1", state: .received, registeredAt: time, originalsPath: folder + "/r",
                       workPath: folder + "/w", sourcePath: folder + "/i", dataKeyRecipient: "", cardFileCount: 1, cardBytes: 0),
            delivery: DeliveryRecord(dropID: "d1", customer: "C-1", name: "drop-1", kind: .first, receivedAt: time, keptAt: folder + "/r"),
            step: StepRecord(dropID: "d1", stage: "ingest", completedAt: time, summary: ""), events: [],
            actor: "system", host: "h", at: time)
        return ledger
    }

    func plan(due: String) -> ShippingPlan {
        ShippingPlanner.plan(
            order: ReconciliationExamples.order.with(due: due),
            rules: ShippingRules(carriers: [CarrierRule(carrier: "DHL Express", method: .expressCourier, transitDays: 2)]),
            dropID: "d1", plannedOn: CalendarDate("2026-11-10")!)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aPlanIsKeptTypedOncePerDrop(on kind: LedgerStoreKind) throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ledger = try ledger(kind)
        let first = plan(due: "2026-11-20")
        let event = AuditEvent(event: "shipping.planned", dropID: "d1", actor: "system", host: "h")
        #expect(try ledger.recordShippingPlan(first, event: event, at: time))
        #expect(try ledger.recordShippingPlan(plan(due: "2026-11-11"), event: event, at: time) == false)
        #expect(try ledger.shippingPlan(dropID: "d1") == first)
        #expect(try ledger.shippingPlan(dropID: "d2") == nil)
        #expect(try ledger.shippingPlans() == [first])
        #expect(try ledger.auditEntries().filter { $0.event == "shipping.planned" }.count == 1)
        let rows = try ledger.store.read {
            try $0.rows(
                #"SELECT "branch", "product", "cards", "carrier", "dispatchBy" FROM "shippingPlanBox" ORDER BY "shipment", "box""#, [])
        }
        #expect(
            rows.map { "\($0.text("branch") ?? "") \($0.text("product") ?? "") \($0.integer("cards") ?? 0) \($0.text("carrier") ?? "")" }
                == ["BR-01 DEBIT 3 DHL Express", "BR-02 ACCESS 2 DHL Express"])
        let decision = try ledger.store.read {
            try $0.row(#"SELECT "priority", "method", "meetsDueDate", "boxes" FROM "shippingPlan" WHERE "dropID" = 'd1'"#, [])
        }
        #expect(decision?.text("priority") == "standard" && decision?.text("method") == "express-courier")
        #expect(decision?.integer("meetsDueDate") == 1 && decision?.integer("boxes") == 2)
    }

    @Test func checkpointsCoverThePlans() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for table in ["shippingPlan", "shippingPlanBox"] {
            #expect(AuditedTables.all.first { $0.name == table }?.mutableColumns == [], "\(table) rows never change")
        }
        let ledger = try ledger()
        try ledger.recordShippingPlan(plan(due: "2026-11-20"), event: AuditEvent(event: "shipping.planned", actor: "system", host: "h"),
                                      at: time)
        let snapshot = try ledger.auditSnapshot()
        #expect(snapshot.tables.first { $0.table == "shippingPlanBox" }?.rows == 2)
        #expect(
            try DatabaseQueue(path: folder + "/ledger.sqlite").read {
                try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations")
            }.contains("v17: shipping plans"))
    }
}

extension Order {
    /// The order with its delivery due on `due`.
    fileprivate func with(due: String) -> Order {
        var copy = self
        copy.delivery.dueDate = CalendarDate(due)!
        return copy
    }
}
