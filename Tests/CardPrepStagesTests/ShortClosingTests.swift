import CardPrepCore
import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepStages

/// A drop with rejected records the customer will not replace is closed short on a signed decision, then
/// reconciles against the approved quantities and goes to the vault.
@Suite struct ShortClosingTests {
    @Test func aDropWithTwoRejectedRecordsIsClosedShortReconciledAndArchived() throws {
        let fixture = try IngestFixture(
            customers: 1, cards: 12, injections: [.badLuhn: 2], stages: ["ingest", "validate", "transform", "reconcile", "archive"],
            vault: true)
        let people = try PeopleFixture(peopleFolder: fixture.pipeline.peopleFolder, keysFolder: fixture.root + "/people-keys")
        let manifest = try #require(try fixture.run().transform?.manifests.first)
        #expect(manifest.lines.reduce(0) { $0 + $1.rejected } == 2)
        let folder = fixture.pipeline.productionInputs + "/" + manifest.orderID
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try JobFileOutboxTests.production(for: manifest, jobs: Set(manifest.jobs.map(\.id)))
            .write(toFile: folder + "/production.csv", atomically: true, encoding: .utf8)
        _ = try fixture.run()
        let ledger = try fixture.ledger()
        var drop = try #require(try ledger.drops().first)
        #expect(drop.state == .discrepancy, "the rejected records leave the order short")

        let open = try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date())
        #expect(open.openOrderLines.reduce(0) { $0 + $1.ordered - $1.planned } == 2)
        #expect(open.text.contains("open order lines (planned short, not closed): \(open.openOrderLines.count)"), "\(open.text)")
        let closing = ShortClosing(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context())
        let (order, lines) = try closing.shortfalls(of: drop)
        #expect(lines.reduce(0) { $0 + $1.ordered - $1.planned } == 2)
        let request = ShortClosing.request(
            drop: drop, order: order, lines: lines, customerReference: "ticket 7781", pipeline: fixture.pipeline,
            requester: "alice", approver: "frank", reason: "the bank will not resend them")
        let approval = try people.approval(of: request, pipeline: fixture.pipeline, ledger: ledger, context: fixture.context())
        let closed = try closing.close(drop, lines: lines, customerReference: "ticket 7781", on: approval)
        #expect(closed.map(\.approved) == lines.map(\.planned) && closed.allSatisfy { $0.actor == "alice+frank" })
        #expect(throws: LedgerError.self, "a drop is closed short once") {
            try closing.close(drop, lines: lines, customerReference: "again", on: try people.approval(
                of: request, pipeline: fixture.pipeline, ledger: ledger, context: fixture.context()))
        }

        #expect(try PipelineStatus.collect(pipeline: fixture.pipeline, now: Date()).openOrderLines.isEmpty)
        let next = try fixture.run()
        #expect(next.exitCode == .ok, "\(next.summary) \(next.reconcile?.flatMap { $0.findings.map(\.message) } ?? [])")
        drop = try #require(try ledger.drop(id: drop.id))
        #expect(drop.state == .archived)
        let events = try ledger.auditEntries(dropID: drop.id).map(\.event)
        #expect(events.contains("order.closed-short"))
        #expect(throws: ShortClosingError.self, "an archived drop cannot be closed short") { try closing.shortfalls(of: drop) }
    }

    @Test func aDropPlannedInFullHasNothingToClose() throws {
        let fixture = try IngestFixture(customers: 1, stages: ["ingest", "validate", "transform"])
        _ = try fixture.run()
        let ledger = try fixture.ledger()
        let drop = try #require(try ledger.drops().first)
        #expect(throws: ShortClosingError.nothingShort(drop: drop.label)) {
            try ShortClosing(pipeline: fixture.pipeline, ledger: ledger, context: fixture.context()).shortfalls(of: drop)
        }
    }
}
