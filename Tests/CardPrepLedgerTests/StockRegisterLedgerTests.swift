import CardPrepCore
import Foundation
import GRDB
import Testing

@testable import CardPrepLedger

/// The register by customer: accounts per customer × location × product × class, transfers between a customer's
/// locations, reclassification to obsolete, future dates refused, the floor's postings once, and the migration of
/// accounts kept before customers.
@Suite struct StockRegisterLedgerTests {
    let folder: URL
    let ledger: Ledger
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let hq = StockAccountKey(customer: "cust-01", location: "HQ", product: "DEBIT", stockClass: .blank)
    let branch = StockAccountKey(customer: "cust-01", location: "BR-01", product: "DEBIT", stockClass: .blank)

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("stock-register-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
    }

    func receive(_ quantity: Int, _ account: StockAccountKey) throws {
        _ = try ledger.recordStockMovement(
            StockMovement(time: t0, account: account, kind: .received, quantity: quantity, reference: "DN-1"),
            actor: "system", host: "h1", at: t0)
    }

    @Test func aFutureDatedMovementOrCountIsRefusedAndNothingRecorded() throws {
        let later = t0.addingTimeInterval(3_600)
        let movement = StockMovement(time: later, account: hq, kind: .received, quantity: 5, reference: "DN-9")
        #expect(throws: StockRegisterError.futureDated(account: hq.description, kind: .received, time: later, now: t0)) {
            try ledger.recordStockMovement(movement, actor: "system", host: "h1", at: t0)
        }
        var count = movement
        count.kind = .inventory
        #expect(throws: StockRegisterError.futureDated(account: hq.description, kind: .inventory, time: later, now: t0)) {
            try ledger.recordStockCount(count, actor: "system", host: "h1", at: t0)
        }
        #expect(try ledger.stockHistory(hq).isEmpty)
        #expect(try ledger.auditEntries().isEmpty)
        #expect("\(StockRegisterError.futureDated(account: hq.description, kind: .received, time: later, now: t0))"
            .contains("cust-01:HQ/DEBIT/blank"))
    }

    @Test func twoCustomersHeadquartersAreTwoAccounts() throws {
        try receive(10, hq)
        try receive(3, hq.owned(by: "cust-02"))
        #expect(try ledger.stockBalance(hq).usable == 10)
        #expect(try ledger.stockBalance(hq.owned(by: "cust-02")).usable == 3)
        #expect(try ledger.stockBalances().map(\.account.customer) == ["cust-01", "cust-02"])
    }

    @Test func aTransferMovesCardsBetweenACustomersLocationsInOneStep() throws {
        try receive(100, hq)
        let records = try ledger.transferStock(40, from: hq, to: branch, time: t0, reference: "TR-1", note: "", actor: "system",
                                               host: "h1", at: t0)
        #expect(records.map(\.kind) == [.transferredOut, .transferredIn])
        #expect(try ledger.stockBalance(hq).usable == 60 && ledger.stockBalance(branch).usable == 40)
        // Short at the source: neither side is recorded.
        #expect(throws: StockRegisterError.insufficient(account: branch.description, kind: .transferredOut, quantity: 41, available: 40)) {
            try ledger.transferStock(41, from: branch, to: hq, time: t0, reference: "TR-2", note: "", actor: "system", host: "h1", at: t0)
        }
        #expect(try ledger.stockHistory(hq).count == 2 && ledger.stockHistory(branch).count == 1)
        #expect(throws: StockRegisterError.notATransfer(from: hq.description, to: branch.owned(by: "cust-02").description)) {
            try ledger.transferStock(1, from: hq, to: branch.owned(by: "cust-02"), time: t0, reference: "TR-3", note: "",
                                     actor: "system", host: "h1", at: t0)
        }
        #expect(throws: StockRegisterError.self) {
            try ledger.transferStock(1, from: hq, to: branch, time: t0.addingTimeInterval(60), reference: "TR-4", note: "",
                                     actor: "system", host: "h1", at: t0)
        }
        #expect(try ledger.auditEntries().map(\.event) == ["stock.received", "stock.transferred-out", "stock.transferred-in"])
    }

    @Test func reclassificationMovesCardsToTheObsoleteClassOfTheSameLocation() throws {
        try receive(30, hq)
        _ = try ledger.reclassifyStock(12, from: hq, time: t0, reference: "RC-1", note: "old design", actor: "system", host: "h1", at: t0)
        var obsolete = hq
        obsolete.stockClass = .obsolete
        #expect(try ledger.stockBalance(hq).usable == 18 && ledger.stockBalance(obsolete).usable == 12)
        #expect(throws: StockRegisterError.notAReclassification(from: obsolete.description, to: obsolete.description)) {
            try ledger.reclassifyStock(1, from: obsolete, time: t0, reference: "RC-2", note: "", actor: "system", host: "h1", at: t0)
        }
    }

    @Test func aFloorPostingIsRecordedOncePerDrop() throws {
        try receive(20, hq)
        let posting = FloorStockPosting(
            customer: "cust-01", orderID: "ORD-1",
            movements: [StockMovement(time: t0, account: StockAccountKey(location: "BR-01", product: "DEBIT", stockClass: .blank),
                                      kind: .received, quantity: 7, reference: "DN-2")],
            sha256: String(repeating: "a", count: 64),
            locations: ["BR-01": StockLocationFacts(kind: .branch, name: "North")])
        let first = try ledger.write("post") { db in try Ledger.post(posting, dropID: "d1", actor: "system", host: "h1", at: t0, in: db) }
        let second = try ledger.write("post") { db in try Ledger.post(posting, dropID: "d1", actor: "system", host: "h1", at: t0, in: db) }
        #expect(first && !second)
        #expect(try ledger.stockBalance(branch).usable == 7)
        #expect(try ledger.stockPosting(dropID: "d1")?.movements == 1)
        let account = try ledger.stockAccounts(customer: "cust-01", until: t0.addingTimeInterval(1)).first { $0.account.location == "BR-01" }
        #expect(account?.account.locationKind == "branch" && account?.account.locationName == "North")
        #expect(try ledger.auditEntries().map(\.event).filter { $0 == "stock.posted" }.count == 1)
    }

    @Test func accountsKeptBeforeCustomersGoToTheOneCustomerTheLedgerKnows() throws {
        let path = folder.appendingPathComponent("old.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try LedgerSchema.migrator.migrate(queue, upTo: "v14: complaints")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO "drop" (id, customer, name, state, registeredAt, originalsPath, workPath, sourcePath,
                        dataKeyRecipient, cardFileCount, cardBytes, stateSince)
                    VALUES ('d1', 'cust-01', 'drop-1', 'archived', '2026-11-01 00:00:00', '/o', '/w', '/s', '', 1, 0, '2026-11-01 00:00:00')
                    """)
                try db.execute(sql: "INSERT INTO stockAccount (id, location, product, stockClass) VALUES (7, 'HQ', 'DEBIT', 'blank')")
                try db.execute(sql: """
                    INSERT INTO stockMovement (accountID, at, kind, quantity, reference, note, actor, usableAfter,
                        awaitingDestructionAfter) VALUES (7, '2026-11-01 00:00:00', 'received', 9, 'DN', '', 'system', 9, 0)
                    """)
            }
        }
        let migrated = try Ledger(path: path)
        #expect(try migrated.stockBalance(hq).usable == 9)
        #expect(try migrated.stockBalances().map(\.account) == [hq])
    }
}
