import CardPrepCore
import Foundation
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

/// Signed destructions: the record, its statement, the stock movement and the audit event go in together or not at all,
/// on both ledger stores.
@Suite struct SignedDestructionLedgerTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let hq = StockAccountKey(location: "HQ", product: "DEBIT", stockClass: .blank)

    func record(_ id: String, quantity: Int = 2, account: StockAccountKey? = nil, digest: String) -> SignedDestructionRecord {
        SignedDestructionRecord(
            SignedDestruction(
                id: id, time: t0, place: "Secure room", method: .shredding, product: "DEBIT", quantity: quantity,
                serials: [SerialRange("CS000001-CS00000\(quantity)")!], cctv: "CAM1", executor: ReconciliationExamples.signers[0],
                witnesses: Array(ReconciliationExamples.signers.dropFirst())),
            reason: "spoiled", statement: digest, stockAccount: account?.description, recordedAt: t0)
    }

    func statement(_ digest: String) -> SignedStatementRecord {
        SignedStatementRecord(
            digest: digest, action: "cards.destroy", subject: "destruction", nonce: String(digest.prefix(32)), requestedAt: t0,
            acceptedAt: t0, signers: "executor=kim", keys: "", text: "", signatures: "")
    }

    func destroy(_ id: String, quantity: Int = 2, account: StockAccountKey? = nil, digest: String, in ledger: Ledger) throws
        -> SignedDestructionRecord
    {
        try ledger.recordSignedDestruction(
            record(id, quantity: quantity, account: account, digest: digest), statement: statement(digest),
            movement: account.map {
                StockMovement(time: t0, account: $0, kind: .destroyed, quantity: quantity, reference: id)
            },
            event: AuditEvent(event: "cards.destroyed", actor: "kim", host: "h1"), at: t0)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aDestructionIsRecordedWithItsStatementStockMovementAndEvent(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        _ = try ledger.recordStockMovement(
            StockMovement(time: t0, account: hq, kind: .received, quantity: 10), actor: "ops", host: "h1", at: t0)
        _ = try ledger.recordStockMovement(
            StockMovement(time: t0, account: hq, kind: .spoiled, quantity: 3), actor: "ops", host: "h1", at: t0)
        let saved = try destroy("D-1", account: hq, digest: String(repeating: "a", count: 64), in: ledger)
        #expect(saved.seq == 1)
        #expect(try ledger.signedDestruction(id: "D-1")?.destruction == saved.destruction)
        #expect(saved.destruction?.witnesses.map(\.person) == ["li", "ana", "tom"])
        #expect(try ledger.signedStatement(digest: String(repeating: "a", count: 64)) != nil)
        #expect(try ledger.stockBalance(hq) == StockBalance(usable: 7, awaitingDestruction: 1))
        #expect(try ledger.stockHistory(hq).last?.reference == "D-1")
        #expect(try ledger.auditEntries().suffix(2).map(\.event) == ["stock.destroyed", "cards.destroyed"])
        #expect(try ledger.signedDestructions(products: ["ACCESS"]).isEmpty)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func theSameIDTwiceIsRefusedAndChangesNothing(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        _ = try destroy("D-1", digest: String(repeating: "a", count: 64), in: ledger)
        let entries = try ledger.auditEntries().count
        #expect(throws: LedgerError.self) { try destroy("D-1", digest: String(repeating: "b", count: 64), in: ledger) }
        #expect(try ledger.signedDestructions().count == 1)
        #expect(try ledger.signedStatement(digest: String(repeating: "b", count: 64)) == nil)
        #expect(try ledger.auditEntries().count == entries)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func tooFewCardsAwaitingDestructionRefuseTheWholeRecord(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        _ = try ledger.recordStockMovement(
            StockMovement(time: t0, account: hq, kind: .received, quantity: 10), actor: "ops", host: "h1", at: t0)
        _ = try ledger.recordStockMovement(
            StockMovement(time: t0, account: hq, kind: .spoiled, quantity: 1), actor: "ops", host: "h1", at: t0)
        #expect(throws: LedgerError.self) { try destroy("D-1", account: hq, digest: String(repeating: "a", count: 64), in: ledger) }
        #expect(try ledger.signedDestructions().isEmpty)
        #expect(try ledger.signedStatement(digest: String(repeating: "a", count: 64)) == nil)
        #expect(try ledger.stockBalance(hq) == StockBalance(usable: 9, awaitingDestruction: 1))
        #expect(try ledger.auditEntries().map(\.event) == ["stock.received", "stock.spoiled"])
    }
}
