import CardPrepCore
import CardPrepLedger
import Foundation
import Logging
import Testing

@testable import CardPrepStages

/// Reconcile compares the floor's deliveries (`shipping.csv`) with the drop's shipping plan: the delivery method the
/// plan booked its carrier for, and the boxes it packed per branch.
@Suite("Reconcile against the shipping plan")
struct ReconcileShippingPlanTests {
    /// The sample order's plan: by air cargo with DHL Express, one shipment to HQ and one to BR01, a box per product.
    static func plan(boxCapacity: Int = 200) -> ShippingPlan {
        let address = PostalAddress(street: ["1 Quay"], city: "Lyon", postalCode: "69001", country: "FR")
        let contact = Contact(name: "Desk", phone: "+33 1", email: "desk@example.com")
        let shipments = ["HQ", "BR01"].enumerated().map { index, branch in
            PlannedShipment(
                number: index + 1, branch: branch, name: branch, address: address, contact: contact, carrier: "DHL Express",
                transitDays: 2, dispatchBy: CalendarDate(year: 2026, month: 11, day: 13)!,
                boxes: [PlannedBox(number: 1, product: "C01-DEBIT", orderLines: [index + 1], cards: 6, capacity: boxCapacity),
                        PlannedBox(number: 2, product: "C01-ACCESS", orderLines: [index + 3], cards: 6, capacity: boxCapacity)])
        }
        return ShippingPlan(
            dropID: ReconcileFixture.dropID, customer: "cust-01", orderID: "ORD-20261101-01", contract: "CT-2026-0001",
            method: .airCargo, priority: .standard, dueDate: CalendarDate(year: 2026, month: 11, day: 15)!,
            plannedOn: CalendarDate(year: 2026, month: 11, day: 2)!, earliestDispatch: CalendarDate(year: 2026, month: 11, day: 5)!,
            shipments: shipments, problems: [])
    }

    /// Reconciles the clean fixture with `change` applied to its `shipping.csv`, under `plan`.
    func reconcile(plan: ShippingPlan, change: (String) -> String = { $0 }) throws -> ReconcileReport {
        let fixture = try ReconcileFixture()
        try fixture.signDestruction()
        #expect(try fixture.ledger.recordShippingPlan(
            plan, event: AuditEvent(event: "shipping.planned", dropID: plan.dropID, actor: "system", host: "h"), at: ReconcileFixture.now))
        let inputs = fixture.root + "/inputs"
        try FileManager.default.copyItem(atPath: ReconcileFixture.repository + "/Fixtures/reconcile/clean", toPath: inputs)
        let file = inputs + "/ORD-20261101-01/shipping.csv"
        try change(try String(contentsOfFile: file, encoding: .utf8)).write(toFile: file, atomically: true, encoding: .utf8)
        let context = RunContext(now: { ReconcileFixture.now }, actor: "tester", host: "test-host",
                                 logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return try ReconcileStage(pipeline: fixture.pipeline, ledger: fixture.ledger, context: context, inputsFolder: inputs)
            .run(workPath: fixture.root + "/work", dropID: ReconcileFixture.dropID)
    }

    @Test func deliveriesAsPlannedReconcileCleanly() throws {
        // One box per shipment where the plan packed one per product: the floor put both products in one box.
        #expect(try reconcile(plan: Self.plan()).findings == [])
    }

    @Test func aDeliveryByAnotherMethodThanPlannedIsAShippingCarrierFinding() throws {
        // SHP-0002 (to BR01, tracking EX123456790FR) went by post.
        let report = try reconcile(plan: Self.plan()) {
            $0.replacingOccurrences(of: ",air-cargo,EX123456790FR,", with: ",post,EX123456790FR,")
        }
        #expect(report.findings.map(\.code) == [.shippingCarrier])
        let finding = try #require(report.findings.first)
        #expect(finding.location.shipment == "SHP-0002" && finding.location.branch == "BR01")
        #expect(finding.message.contains("left by post") && finding.message.contains("DHL Express by air-cargo"), "\(finding.message)")
    }

    @Test func moreBoxesThanPlannedIsAShippingBoxesFindingWithTheFigures() throws {
        let report = try reconcile(plan: Self.plan()) { $0.replacingOccurrences(of: "HQ,1,", with: "HQ,3,") }
        let boxes = report.findings.filter { $0.code == .shippingBoxes }
        #expect(boxes.count == 1)
        #expect(boxes.first?.location.branch == "HQ")
        #expect(boxes.first?.expected == 2 && boxes.first?.actual == 3)
    }

    @Test func tooFewBoxesForTheCardsIsAShippingBoxesFinding() throws {
        let report = try reconcile(plan: Self.plan(boxCapacity: 10))
        #expect(report.findings.map(\.code) == [.shippingBoxes, .shippingBoxes])
        #expect(report.findings.map(\.expected) == [2, 2] && report.findings.map(\.actual) == [1, 1])
        #expect(report.findings.first?.message.contains("10 cards a box") == true)
    }
}
