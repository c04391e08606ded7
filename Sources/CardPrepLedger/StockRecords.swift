import CardPrepCore
import Foundation
import GRDB

/// A stock account as the ledger keeps it: one per (customer unit or branch, product, stock class).
public struct StockAccountRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "stockAccount"
    /// The account's number, given when it is first used.
    public var id: Int64?
    public var location: String
    public var product: String
    public var stockClass: StockClass

    /// The account's key.
    public var key: StockAccountKey { StockAccountKey(location: location, product: product, stockClass: stockClass) }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One recorded movement or count, with the account's balance after it.
public struct StockMovementRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "stockMovement"
    /// The order of recording, from 1.
    public var seq: Int64?
    public var accountID: Int64
    /// When the movement happened (as stated by who recorded it).
    public var at: Date
    public var kind: StockMovementKind
    /// Cards moved, or cards counted.
    public var quantity: Int
    public var reference: String
    public var note: String
    /// Who recorded it.
    public var actor: String
    /// The usable balance after the movement; for a count, the book balance it was compared with.
    public var usableAfter: Int
    /// The balance awaiting destruction after the movement.
    public var awaitingDestructionAfter: Int

    /// The balance after the movement.
    public var balanceAfter: StockBalance { StockBalance(usable: usableAfter, awaitingDestruction: awaitingDestructionAfter) }

    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}

/// An account's movements over a period, summed by kind, with its opening and closing balances.
public struct StockPeriod: Sendable, Equatable, Codable {
    public var account: StockAccountKey
    public var opening: StockBalance
    public var received = 0, issued = 0, returned = 0, spoiled = 0, destroyed = 0
    public var closing: StockBalance

    /// Whether `opening + received − issued + returned − destroyed = closing` holds for the total balance, and
    /// `opening − issued + received + returned − spoiled = closing` for the usable one.
    public var balances: Bool {
        opening.closing + received - issued + returned - destroyed == closing.closing
            && opening.usable + received - issued + returned - spoiled == closing.usable
    }
}

/// A stock change the register refuses: it would take more cards than the account holds.
public enum StockRegisterError: Error, Equatable, CustomStringConvertible {
    /// `kind` of `quantity` cards where only `available` are held in the balance it draws on.
    case insufficient(account: String, kind: StockMovementKind, quantity: Int, available: Int)
    /// A count was given to `recordStockMovement`, or a movement to `recordStockCount`.
    case wrongKind(StockMovementKind)
    /// The ledger failed.
    case ledger(LedgerError)

    public var description: String {
        switch self {
        case let .insufficient(account, kind, quantity, available):
            "stock \(account): cannot record \(kind.rawValue) of \(quantity) cards; the account holds \(available)"
        case let .wrongKind(kind): "\(kind.rawValue) is recorded with the other stock command"
        case let .ledger(error): error.description
        }
    }

    /// Errors are equal when they say the same.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.description == rhs.description }
}

/// What a count found.
public struct StockCountOutcome: Sendable, Equatable {
    /// The recorded count.
    public var record: StockMovementRecord
    /// The usable book balance the count was compared with.
    public var book: Int
    /// The variance, when the count differs from the book.
    public var finding: ReconciliationFinding?
}
