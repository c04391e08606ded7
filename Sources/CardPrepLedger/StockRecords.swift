import CardPrepCore
import Foundation
import GRDB

/// A stock account as the ledger keeps it: one per (customer, customer unit or branch, product, stock class).
public struct StockAccountRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, MutablePersistableRecord {
    public static let tableName = "stockAccount"
    public static var databaseTableName: String { tableName }
    /// The account's number, given when it is first used.
    public var id: Int64?
    public var location: String
    public var product: String
    public var stockClass: StockClass
    /// The customer's profile id; empty for an account kept before customers that no customer could be told for.
    public var customer: String = ""
    /// `headquarters` or `branch` when known (from the order whose stock opened the account), else empty.
    public var locationKind: String = ""
    /// The location's name when known (from the order), else empty.
    public var locationName: String = ""

    /// The account's key.
    public var key: StockAccountKey {
        StockAccountKey(customer: customer, location: location, product: product, stockClass: stockClass)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One recorded movement or count, with the account's balance after it.
public struct StockMovementRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, MutablePersistableRecord {
    public static let tableName = "stockMovement"
    public static var databaseTableName: String { tableName }
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
    public var transferredIn = 0, transferredOut = 0, reclassifiedIn = 0, reclassifiedOut = 0
    public var closing: StockBalance

    /// Cards in: received, returned, transferred in, reclassified in.
    public var cardsIn: Int { received + returned + transferredIn + reclassifiedIn }
    /// Cards out: issued, destroyed, transferred out, reclassified out.
    public var cardsOut: Int { issued + destroyed + transferredOut + reclassifiedOut }

    /// Whether `opening + in − out = closing` holds for the total balance, and
    /// `opening + in − out + destroyed − spoiled = closing` for the usable one.
    public var balances: Bool {
        opening.closing + cardsIn - cardsOut == closing.closing
            && opening.usable + cardsIn - cardsOut + destroyed - spoiled == closing.usable
    }
}

/// A stock change the register refuses: it would take more cards than the account holds.
public enum StockRegisterError: Error, Equatable, CustomStringConvertible {
    /// `kind` of `quantity` cards where only `available` are held in the balance it draws on.
    case insufficient(account: String, kind: StockMovementKind, quantity: Int, available: Int)
    /// A count was given to `recordStockMovement`, or a movement to `recordStockCount`.
    case wrongKind(StockMovementKind)
    /// A movement dated after the time it is recorded.
    case futureDated(account: String, kind: StockMovementKind, time: Date, now: Date)
    /// A transfer or reclassification whose two accounts are one.
    case sameAccount(String)
    /// A transfer between two customers' accounts, or of another product or class.
    case notATransfer(from: String, to: String)
    /// A reclassification that does not move blank or prefabricated cards to the obsolete class of the same location.
    case notAReclassification(from: String, to: String)
    /// The ledger failed.
    case ledger(LedgerError)

    public var description: String {
        switch self {
        case let .insufficient(account, kind, quantity, available):
            "stock \(account): cannot record \(kind.rawValue) of \(quantity) cards; the account holds \(available)"
        case let .wrongKind(kind): "\(kind.rawValue) is recorded with the other stock command"
        case let .futureDated(account, kind, time, now):
            "stock \(account): \(kind.rawValue) dated \(Timestamp.iso8601(time)) is in the future (now \(Timestamp.iso8601(now))); "
                + "record a movement once it has happened"
        case let .sameAccount(account): "stock \(account): a transfer or reclassification needs two different accounts"
        case let .notATransfer(from, to):
            "stock \(from) to \(to): a transfer moves one customer's cards of one product and class between two of its locations"
        case let .notAReclassification(from, to):
            "stock \(from) to \(to): a reclassification moves blank or prefabricated cards to the obsolete class of the same "
                + "customer, location and product"
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

/// A drop whose floor `stock.csv` was posted to the register: once per drop, in the transaction that recorded the
/// drop reconciled.
public struct StockPostingRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "stockPosting"
    public static var databaseTableName: String { tableName }
    public var dropID: String
    /// The customer whose accounts the movements went to.
    public var customer: String
    public var orderID: String
    /// Hex SHA-256 of `stock.csv` as posted.
    public var sha256: String
    /// How many rows were posted (movements and counts).
    public var movements: Int
    public var postedAt: Date
}
