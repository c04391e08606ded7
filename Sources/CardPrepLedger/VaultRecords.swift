import Foundation
import GRDB

/// A bundle kept in the vault, as indexed in the ledger.
public struct VaultBundleRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, PersistableRecord {
    public static let tableName = "vaultBundle"
    public static var databaseTableName: String { tableName }
    /// The bundle's identity (derived from the drop's identity).
    public var id: String
    /// The drop the bundle archives.
    public var dropID: String
    /// The bundle's path relative to the vault root: `<contract>/<unit>/<product>/<date>_<quantity>_<id>.tar.zst.age`.
    public var path: String
    /// The contract number of the drop's order, or `MIXED`.
    public var contract: String
    /// The customer unit code of the drop's order, or `MIXED`.
    public var unit: String
    /// The product code of the order lines, or `MIXED` when they name several.
    public var product: String
    /// The order's issue date, `YYYY-MM-DD`.
    public var date: String
    /// The number of cards ordered.
    public var quantity: Int
    /// Hex SHA-256 of the encrypted bundle file.
    public var sha256: String
    /// When the bundle was written.
    public var created: Date
    /// The bundle may be purged after this time.
    public var retainUntil: Date
    /// Whether the bundle was removed from the vault once its retention ended.
    public var purged: Bool
    /// When it was removed.
    public var purgedAt: Date?

    /// Creates a record of a bundle not yet purged.
    public init(
        id: String, dropID: String, path: String, contract: String, unit: String, product: String, date: String,
        quantity: Int, sha256: String, created: Date, retainUntil: Date
    ) {
        self.id = id; self.dropID = dropID; self.path = path; self.contract = contract; self.unit = unit
        self.product = product; self.date = date; self.quantity = quantity; self.sha256 = sha256
        self.created = created; self.retainUntil = retainUntil; self.purged = false; self.purgedAt = nil
    }
}

/// A search of the vault index; every field left nil matches everything.
public struct VaultQuery: Sendable, Equatable {
    public var contract: String?
    public var unit: String?
    public var product: String?
    /// The first date included, `YYYY-MM-DD`.
    public var from: String?
    /// The last date included, `YYYY-MM-DD`.
    public var through: String?
    /// Whether bundles purged after their retention are listed too.
    public var includePurged: Bool
    /// The customer whose drops are listed.
    public var customer: String?
    /// The fewest cards a listed bundle holds.
    public var minimumQuantity: Int?
    /// The most cards a listed bundle holds.
    public var maximumQuantity: Int?

    /// Creates a query. A product or unit also finds the drops of several products or units (`MIXED`) that hold it.
    public init(contract: String? = nil, unit: String? = nil, product: String? = nil, from: String? = nil,
                through: String? = nil, includePurged: Bool = false, customer: String? = nil, minimumQuantity: Int? = nil,
                maximumQuantity: Int? = nil) {
        self.contract = contract; self.unit = unit; self.product = product; self.from = from; self.through = through
        self.includePurged = includePurged; self.customer = customer
        self.minimumQuantity = minimumQuantity; self.maximumQuantity = maximumQuantity
    }
}

/// A bundle borrowed from the vault: who took it, why, who approved, and its return; the people are verified person
/// ids from the register, each having signed the statement recorded with the loan.
public struct CustodyLoanRecord: Codable, Sendable, Equatable, LedgerRecord, FetchableRecord, MutablePersistableRecord {
    public static let tableName = "custodyLoan"
    public static var databaseTableName: String { tableName }
    /// The loan's number, assigned by the ledger.
    public var seq: Int64?
    public var bundleID: String
    public var borrower: String
    public var reason: String
    public var approvedBy: String
    public var outAt: Date
    /// The bundle's SHA-256 when it was checked out.
    public var sha256AtCheckout: String
    /// When it was returned; nil while out.
    public var inAt: Date?
    /// The bundle's SHA-256 when it was returned.
    public var sha256AtCheckin: String?
    /// The digest of the signed statement the bundle was lent on (nil for loans from before signed statements).
    public var checkoutStatement: String?
    /// The person who brought the bundle back.
    public var returnedBy: String?
    /// The person who took it back into the vault.
    public var receivedBy: String?
    /// The digest of the signed statement the bundle was taken back on.
    public var checkinStatement: String?

    /// Creates a loan that starts now.
    public init(bundleID: String, borrower: String, reason: String, approvedBy: String, outAt: Date, sha256AtCheckout: String,
                checkoutStatement: String? = nil) {
        self.bundleID = bundleID; self.borrower = borrower; self.reason = reason; self.approvedBy = approvedBy
        self.outAt = outAt; self.sha256AtCheckout = sha256AtCheckout; self.checkoutStatement = checkoutStatement
    }

    /// Whether the bundle came back as it left.
    public var returnedUnchanged: Bool? { sha256AtCheckin.map { $0 == sha256AtCheckout } }

    public mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}
