import CardPrepCore
import Foundation
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

/// The stock register on both ledger stores.
@Suite struct StockLedgerTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    let hq = StockAccountKey(location: "HQ", product: "DEBIT", stockClass: .blank)

    func move(_ account: StockAccountKey, _ kind: StockMovementKind, _ quantity: Int, at time: Date? = nil) -> StockMovement {
        StockMovement(time: time ?? t0, account: account, kind: kind, quantity: quantity, reference: "REF")
    }

    @discardableResult
    func record(_ kind: StockMovementKind, _ quantity: Int, _ account: StockAccountKey? = nil, in ledger: Ledger) throws
        -> StockMovementRecord
    {
        try ledger.recordStockMovement(move(account ?? hq, kind, quantity), actor: "ops", host: "h1", at: t0)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func movementsKeepUsableAndAwaitingDestructionBalances(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try record(.received, 100, in: ledger)
        try record(.issued, 30, in: ledger)
        try record(.returned, 5, in: ledger)
        try record(.spoiled, 4, in: ledger)
        try record(.destroyed, 3, in: ledger)
        #expect(try ledger.stockBalance(hq) == StockBalance(usable: 71, awaitingDestruction: 1))
        #expect(try ledger.stockHistory(hq).map(\.kind) == [.received, .issued, .returned, .spoiled, .destroyed])
        #expect(try ledger.stockBalances().map(\.account) == [hq])
        #expect(try ledger.auditEntries().map(\.event) == ["stock.received", "stock.issued", "stock.returned", "stock.spoiled", "stock.destroyed"])
        #expect(try ledger.verifyAuditChain().isEmpty)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aMovementTakingMoreThanTheAccountHoldsIsRefused(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try record(.received, 10, in: ledger)
        #expect(throws: StockRegisterError.insufficient(account: hq.description, kind: .issued, quantity: 11, available: 10)) {
            try record(.issued, 11, in: ledger)
        }
        #expect(throws: StockRegisterError.insufficient(account: hq.description, kind: .destroyed, quantity: 1, available: 0)) {
            try record(.destroyed, 1, in: ledger)
        }
        #expect(throws: StockRegisterError.wrongKind(.inventory)) { try record(.inventory, 10, in: ledger) }
        #expect(try ledger.stockHistory(hq).count == 1)
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func aCountThatDiffersFromTheBookIsAFindingAndChangesNothing(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        try record(.received, 50, in: ledger)
        let agreeing = try ledger.recordStockCount(move(hq, .inventory, 50), actor: "ops", host: "h1", at: t0)
        #expect(agreeing.finding == nil)
        let short = try ledger.recordStockCount(move(hq, .spotCheck, 48), actor: "ops", host: "h1", at: t0)
        #expect(short.book == 50)
        #expect(short.finding?.code == .stockCountVariance)
        #expect(short.finding?.expected == 50 && short.finding?.actual == 48)
        #expect(short.finding?.location.account == "HQ/DEBIT/blank")
        #expect(try ledger.stockBalance(hq).usable == 50)
        #expect(try ledger.auditEntries().map(\.event).suffix(2) == ["stock.count", "stock.count-variance"])
    }

    /// A generated month of movements over six accounts: for every account,
    /// opening + received − issued + returned − destroyed = closing.
    @Test(arguments: LedgerStoreKind.allCases, [UInt64(1), 7, 42])
    func aMonthOfMovementsBalancesForEveryAccount(on kind: LedgerStoreKind, seed: UInt64) throws {
        let ledger = try TestLedgers.new(kind)
        var random = SeededGenerator(seed: seed)
        let accounts = ["HQ", "BR-01", "BR-02"].flatMap { location in
            [StockAccountKey(location: location, product: "DEBIT", stockClass: .blank),
             StockAccountKey(location: location, product: "ACCESS", stockClass: .prefabricated)]
        }
        let day: TimeInterval = 86_400
        for account in accounts {  // the opening stock, the day before the month
            _ = try ledger.recordStockMovement(move(account, .received, 500), actor: "ops", host: "h1", at: t0)
        }
        var book: [StockAccountKey: StockBalance] = Dictionary(uniqueKeysWithValues: accounts.map { ($0, StockBalance(usable: 500)) })
        for step in 0..<600 {
            let account = accounts.randomElement(using: &random)!
            let kind = [StockMovementKind.received, .issued, .issued, .returned, .spoiled, .destroyed].randomElement(using: &random)!
            let balance = book[account]!
            let limit = kind == .destroyed ? balance.awaitingDestruction : (kind == .received || kind == .returned ? 200 : balance.usable)
            guard limit > 0 else { continue }
            let quantity = Int.random(in: 1...min(limit, 200), using: &random)
            let time = t0.addingTimeInterval(day + Double(step) * 30 * day / 600)
            _ = try ledger.recordStockMovement(move(account, kind, quantity, at: time), actor: "ops", host: "h1", at: time)
            book[account] = balance.applying(kind, quantity)
        }
        for account in accounts {
            let period = try ledger.stockPeriod(account, from: t0.addingTimeInterval(day), until: t0.addingTimeInterval(32 * day))
            #expect(period.opening == StockBalance(usable: 500))
            #expect(period.opening.closing + period.received - period.issued + period.returned - period.destroyed
                    == period.closing.closing)
            #expect(period.balances)
            #expect(period.closing == book[account])
            #expect(try ledger.stockBalance(account) == book[account])
        }
    }
}
