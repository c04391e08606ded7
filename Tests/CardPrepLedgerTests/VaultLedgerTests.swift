import CardPrepCore
import Foundation
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

/// The vault's index and its loans on both ledger stores.
@Suite struct VaultLedgerTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func bundle(_ id: String, contract: String, product: String, date: String) -> VaultBundleRecord {
        VaultBundleRecord(id: id, dropID: "drop-\(id)", path: "\(contract)/U1/\(product)/\(date)_10_\(id).tar.zst.age", contract: contract,
                          unit: "U1", product: product, date: date, quantity: 10, sha256: String(repeating: "a", count: 64),
                          created: t0, retainUntil: t0.addingTimeInterval(86_400))
    }

    func event(_ name: String, _ dropID: String) -> AuditEvent { AuditEvent(event: name, dropID: dropID, actor: "ops", host: "h1") }

    @Test(arguments: LedgerStoreKind.allCases)
    func bundlesAreSearchableByContractProductAndDateRange(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try ledger.recordBundle(bundle("b1", contract: "K1", product: "P1", date: "2026-01-10"), event: event("bundle.written", "drop-b1"), at: t0)
        try ledger.recordBundle(bundle("b2", contract: "K1", product: "P2", date: "2026-03-10"), event: event("bundle.written", "drop-b2"), at: t0)
        try ledger.recordBundle(bundle("b3", contract: "K2", product: "P1", date: "2026-05-10"), event: event("bundle.written", "drop-b3"), at: t0)
        #expect(try ledger.bundles(matching: VaultQuery(contract: "K1")).map(\.id) == ["b1", "b2"])
        #expect(try ledger.bundles(matching: VaultQuery(product: "P1")).map(\.id) == ["b1", "b3"])
        #expect(try ledger.bundles(matching: VaultQuery(from: "2026-02-01", through: "2026-05-10")).map(\.id) == ["b2", "b3"])
        try ledger.markBundlePurged("b1", event: event("bundle.purged", "drop-b1"), at: t0)
        #expect(try ledger.bundles().map(\.id) == ["b2", "b3"])
        #expect(try ledger.bundles(matching: VaultQuery(includePurged: true)).count == 3)
        #expect(throws: LedgerError.self) {
            try ledger.recordBundle(bundle("b1", contract: "K9", product: "P9", date: "2026-01-01"), event: event("x", "d"), at: t0)
        }
        #expect(try ledger.verifyAuditChain().isEmpty)
        #expect(try ledger.auditEntries().map(\.event) == ["bundle.written", "bundle.written", "bundle.written", "bundle.purged"])
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aBundleIsLentToOneBorrowerAtATimeAndItsReturnIsChecked(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try ledger.recordBundle(bundle("b1", contract: "K1", product: "P1", date: "2026-01-10"), event: event("bundle.written", "drop-b1"), at: t0)
        let sha = String(repeating: "a", count: 64)
        let loan = CustodyLoanRecord(bundleID: "b1", borrower: "alice", reason: "dispute", approvedBy: "bob", outAt: t0, sha256AtCheckout: sha)
        let out = try ledger.checkOut(loan, event: event("bundle.checkout", "drop-b1"), at: t0)
        #expect(out.seq == 1)
        #expect(try ledger.openLoan(bundleID: "b1")?.borrower == "alice")
        #expect(throws: LedgerError.self) { try ledger.checkOut(loan, event: event("bundle.checkout", "drop-b1"), at: t0) }
        let back = try ledger.checkIn(bundleID: "b1", sha256: String(repeating: "b", count: 64), event: event("bundle.checkin", "drop-b1"), at: t0)
        #expect(back.returnedUnchanged == false)
        #expect(try ledger.openLoan(bundleID: "b1") == nil)
        #expect(throws: LedgerError.self) { try ledger.checkIn(bundleID: "b1", sha256: sha, event: event("x", "drop-b1"), at: t0) }
        #expect(throws: LedgerError.self) {
            try ledger.checkOut(CustodyLoanRecord(bundleID: "nope", borrower: "a", reason: "r", approvedBy: "b", outAt: t0, sha256AtCheckout: sha),
                                event: event("x", "d"), at: t0)
        }
        #expect(try ledger.loans(bundleID: "b1").count == 1)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func archivingADropChangesItsStateAndRecordsTheEvents(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        let drop = DropRecord(id: "d1", customer: "c", name: "n", state: .ingested, registeredAt: t0, originalsPath: "/r", workPath: "/w",
                              sourcePath: "/s", dataKeyRecipient: "age1x", cardFileCount: 1, cardBytes: 1)
        try ledger.registerIngestedDrop(
            drop, delivery: DeliveryRecord(dropID: "d1", customer: "c", name: "n", kind: .first, receivedAt: t0, keptAt: "/r"),
            step: StepRecord(dropID: "d1", stage: "ingest", completedAt: t0, summary: ""), events: [event("drop.ingested", "d1")],
            actor: "system", host: "h", at: t0)
        let archive = DropTransition(dropID: "d1", action: .archive, actor: "system", host: "h", reason: "bundle b")
        #expect(throws: LedgerError.self, "an ingested drop is not archived") {
            try ledger.markDropArchived("d1", events: [], summary: "b", transition: archive, at: t0)
        }
        try ledger.transition(DropTransition(dropID: "d1", action: .validate, actor: "system", host: "h", reason: "ok"), at: t0)
        try ledger.markDropArchived("d1", events: [event("datakey.destroyed", "d1"), event("work.purged", "d1")], summary: "b",
                                    transition: archive, at: t0)
        #expect(try ledger.drop(id: "d1")?.state == .archived)
        #expect(try ledger.steps(of: "d1").map(\.stage).sorted() == ["archive", "ingest"])
        #expect(try ledger.auditEntries(dropID: "d1").map(\.event).filter { $0 != "drop.state" }
                == ["drop.ingested", "datakey.destroyed", "work.purged"])
        #expect(try ledger.transitions(of: "d1").map(\.toState) == [.received, .ingested, .validated, .archived])
    }
}
