import CardPrepCore
import CardPrepLedger
import Foundation

/// A customer's stock balance statement for a period: per account (location × product × class) the opening
/// balance, every movement of the period with the balance after it, the cards in and out, and the closing balance,
/// so that `opening + in − out = closing` can be checked line by line. Balances are replayed from the movements in
/// time order, so a movement posted late (a floor's `stock.csv`) stands where it happened.
public struct StockStatement: Sendable, Encodable {
    /// One movement of the period.
    public struct Line: Sendable, Encodable, Equatable {
        public var time: Date
        public var kind: StockMovementKind
        /// Cards into the account (0 for a movement out, and for `spoiled`, which stays in the account).
        public var cardsIn: Int
        /// Cards out of the account.
        public var cardsOut: Int
        public var reference: String
        public var note: String
        /// The account's cards after the movement.
        public var balance: Int
        /// Cards of the balance awaiting destruction after the movement.
        public var awaitingDestruction: Int
    }

    /// One account's part of the statement.
    public struct Account: Sendable, Encodable, Equatable {
        public var location: String
        /// `headquarters`, `branch`, or empty when unknown.
        public var locationKind: String
        /// The location's name when known, else its code.
        public var locationName: String
        public var product: String
        public var stockClass: StockClass
        public var opening: Int
        public var cardsIn: Int
        public var cardsOut: Int
        public var closing: Int
        /// Cards of the closing balance awaiting destruction.
        public var awaitingDestruction: Int
        public var lines: [Line]

        /// Whether `opening + in − out = closing`.
        public var addsUp: Bool { opening + cardsIn - cardsOut == closing }
    }

    public var bureau: String
    /// The customer's profile id.
    public var customer: String
    public var customerName: String
    /// `2026-11`, or `from … to …`.
    public var period: String
    public var from: Date
    /// The first instant after the period.
    public var until: Date
    public var generated: Date
    public var accounts: [Account]

    /// The statement of `accounts` (as `Ledger.stockAccounts(customer:until:)` reads them) between `from` and `until`.
    public init(bureau: String, customer: String, customerName: String, period: String, from: Date, until: Date, generated: Date,
                accounts: [(account: StockAccountRecord, movements: [StockMovementRecord])]) {
        self.bureau = bureau; self.customer = customer; self.customerName = customerName; self.period = period
        self.from = from; self.until = until; self.generated = generated
        self.accounts = accounts.compactMap { account, movements in
            var balance = StockBalance()
            var lines: [Line] = []
            var opening = 0, cardsIn = 0, cardsOut = 0
            for movement in movements where !movement.kind.isCount && movement.at < until {
                balance = balance.applying(movement.kind, movement.quantity)
                guard movement.at >= from else { opening = balance.closing; continue }
                let moveIn = movement.kind.isIn ? movement.quantity : 0, moveOut = movement.kind.isOut ? movement.quantity : 0
                cardsIn += moveIn; cardsOut += moveOut
                lines.append(Line(time: movement.at, kind: movement.kind, cardsIn: moveIn, cardsOut: moveOut,
                                  reference: movement.reference, note: movement.note, balance: balance.closing,
                                  awaitingDestruction: balance.awaitingDestruction))
            }
            guard opening != 0 || !lines.isEmpty else { return nil }
            return Account(location: account.location, locationKind: account.locationKind,
                           locationName: account.locationName.isEmpty ? account.location : account.locationName,
                           product: account.product, stockClass: account.stockClass, opening: opening, cardsIn: cardsIn,
                           cardsOut: cardsOut, closing: balance.closing, awaitingDestruction: balance.awaitingDestruction,
                           lines: lines)
        }
    }

    /// Whether every account adds up.
    public var addsUp: Bool { accounts.allSatisfy(\.addsUp) }
}
