import Foundation

/// A value as the ledger keeps it: SQLite's five storage classes. A PostgreSQL ledger maps its columns onto them one
/// to one (`bigint`, `double precision`, `text`, `bytea`; booleans and times are kept as SQLite keeps them), so a
/// table's rows, and their digests (`TableDigest`), are the same on either database.
public enum LedgerValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// One row of a query's result: its values in the order of the query's columns.
public struct LedgerRow: Sendable {
    /// The result's column names, in order.
    public let columns: [String]
    /// The row's values, one per column.
    public let values: [LedgerValue]

    /// Creates a row; `values` has one value per column.
    public init(columns: [String], values: [LedgerValue]) {
        precondition(columns.count == values.count, "a row has one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value of the column named `name` (the first of that name), or `.null` when the result has no such column.
    public subscript(_ name: String) -> LedgerValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// The value at `index`.
    public subscript(_ index: Int) -> LedgerValue { values[index] }
}

/// Which database a store speaks to, for the few statements that differ (table definitions, upserts of a
/// generated key). Everything else is written once in the SQL both understand, with `?` placeholders.
public enum LedgerDialect: String, Sendable {
    case sqlite
    case postgres
}

/// The statements of one transaction on the ledger's database.
///
/// SQL is written with `?` placeholders in the subset SQLite and PostgreSQL share; a PostgreSQL store numbers the
/// placeholders itself. Identifiers that are keywords in either (`drop`, `order`) are double-quoted.
public protocol LedgerTransaction {
    /// The database this transaction runs on.
    var dialect: LedgerDialect { get }

    /// Runs one statement that returns no rows.
    func execute(_ sql: String, _ arguments: [LedgerValue]) throws

    /// Runs one query and returns every row.
    func rows(_ sql: String, _ arguments: [LedgerValue]) throws -> [LedgerRow]

    /// Runs one query and hands its rows to `body` one at a time, without holding them all.
    func forEachRow(_ sql: String, _ arguments: [LedgerValue], _ body: (LedgerRow) throws -> Void) throws

    /// The column names of `table`, in table order; none when there is no such table.
    func columns(of table: String) throws -> [String]

    /// The primary key columns of `table`, in key order; none when there is no such table.
    func primaryKey(of table: String) throws -> [String]
}

/// Where the ledger's data lives: a SQLite file on this host, or a PostgreSQL database several hosts share.
///
/// A write runs `body` in one transaction that is committed when `body` returns and rolled back when it throws; two
/// writes never interleave, on one host or on several. A read sees one consistent snapshot.
public protocol LedgerStore: Sendable {
    /// The database this store speaks to.
    var dialect: LedgerDialect { get }

    /// Where the ledger is, as people name it: a file path, or a PostgreSQL URL without its password.
    var location: String { get }

    /// Runs `body` in a read-only transaction.
    func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T

    /// Runs `body` in a write transaction.
    func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T

    /// Runs `body` in a write transaction that does not wait for the ledger's writes of other hosts: for statements
    /// that lock the rows they change themselves and never touch the audit chain (a drop claim, its lease). A host
    /// whose stage is committing a large drop then does not hold up another host renewing its lease. On a store whose
    /// writes are serialised anyway (SQLite), it is `write`.
    func writeOutsideLedgerLock<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T
}

extension LedgerStore {
    public func writeOutsideLedgerLock<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try write(body)
    }
}

extension LedgerTransaction {
    /// The first row of a query, if any: for a query of one row or a few (a key, an aggregate, `LIMIT 1`), run in one
    /// statement without a cursor.
    public func row(_ sql: String, _ arguments: [LedgerValue]) throws -> LedgerRow? {
        try rows(sql, arguments).first
    }
}
