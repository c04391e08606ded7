import Foundation
import GRDB

/// The ledger in one SQLite file on this host, through GRDB: the default store.
///
/// Every write is one transaction on a serial queue, with `PRAGMA synchronous = FULL` and a busy timeout, so a
/// crash leaves the whole change or none of it and a second process waits its turn. The schema is brought up to
/// date by GRDB's migrator, whose history stays the file's own.
public final class SQLiteLedgerStore: LedgerStore {
    /// The GRDB queue; reached inside the module by the parts of the ledger still written against GRDB.
    let queue: DatabaseQueue
    public let location: String
    public var dialect: LedgerDialect { .sqlite }

    /// Opens (creating if needed) the ledger file at `path` and brings its schema up to date.
    /// - Parameter readOnly: open without writing anything: an existing ledger read-only (it must be up to date), or,
    ///   when there is none yet, an empty one in memory. For dry runs.
    /// - Throws: `LedgerError.open` when the file cannot be opened or migrated.
    public init(path: String, readOnly: Bool = false) throws(LedgerError) {
        location = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            if readOnly {
                configuration.readonly = true
                guard FileManager.default.fileExists(atPath: path) else {
                    queue = try DatabaseQueue()
                    try LedgerSchema.migrator.migrate(queue)
                    return
                }
                queue = try DatabaseQueue(path: path, configuration: configuration)
                guard try queue.read(LedgerSchema.migrator.hasCompletedMigrations) else {
                    throw LedgerError.open(
                        path: path, reason: "the ledger is from an earlier version; a run without --dry-run updates it")
                }
                return
            }
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let existed = FileManager.default.fileExists(atPath: path)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            if !existed { chmod(path, 0o640) }
            try LedgerSchema.migrator.migrate(queue)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .open(path: path, reason: "\(error)")
        }
    }

    public func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try queue.read { db in try body(SQLiteLedgerTransaction(db: db)) }
    }

    public func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try queue.write { db in try body(SQLiteLedgerTransaction(db: db)) }
    }
}

/// One transaction on a SQLite ledger: GRDB's connection, inside `read` or `write`.
struct SQLiteLedgerTransaction: LedgerTransaction {
    /// The connection, for the parts of the ledger still written against GRDB; valid only inside the transaction.
    let db: Database
    var dialect: LedgerDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [LedgerValue]) throws {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
    }

    func rows(_ sql: String, _ arguments: [LedgerValue]) throws -> [LedgerRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = statement.columnNames
        return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { Self.row($0, columns: columns) }
    }

    func forEachRow(_ sql: String, _ arguments: [LedgerValue], _ body: (LedgerRow) throws -> Void) throws {
        // Not the cached statement: `body` may run other queries, the same one among them.
        let statement = try db.makeStatement(sql: sql)
        let columns = statement.columnNames
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        while let row = try cursor.next() { try body(Self.row(row, columns: columns)) }
    }

    func columns(of table: String) throws -> [String] {
        guard try db.tableExists(table) else { return [] }
        return try db.columns(in: table).map(\.name)
    }

    func primaryKey(of table: String) throws -> [String] {
        guard try db.tableExists(table) else { return [] }
        return try db.primaryKey(table).columns
    }

    private static func arguments(_ values: [LedgerValue]) -> StatementArguments {
        StatementArguments(values.map(\.databaseValue))
    }

    private static func row(_ row: Row, columns: [String]) -> LedgerRow {
        LedgerRow(columns: columns, values: row.databaseValues.map(LedgerValue.init))
    }
}

extension LedgerValue {
    /// The value as GRDB binds it.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case let .integer(value): value.databaseValue
        case let .real(value): value.databaseValue
        case let .text(value): value.databaseValue
        case let .blob(value): Data(value).databaseValue
        }
    }

    /// The value GRDB read.
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case let .int64(value): self = .integer(value)
        case let .double(value): self = .real(value)
        case let .string(value): self = .text(value)
        case let .blob(value): self = .blob([UInt8](value))
        }
    }
}

/// The parts of the ledger that still speak GRDB (the card fingerprints' bulk statements, the migrations) reach the
/// SQLite connection of the transaction they run in.
enum SQLiteOnly: Error, CustomStringConvertible {
    case notSQLite(what: String, dialect: LedgerDialect)

    var description: String {
        switch self {
        case let .notSQLite(what, dialect): "\(what) needs a SQLite ledger; this one is \(dialect.rawValue)"
        }
    }
}

extension LedgerTransaction {
    /// GRDB's connection of this transaction when it is a transaction of `SQLiteLedgerStore`, for the bulk paths that
    /// bind and step SQLite's statements themselves (`SQLiteRows`); nil for any other transaction, which then takes
    /// the path in shared SQL.
    var sqliteConnection: Database? {
        guard dialect == .sqlite else { return nil }
        return (self as? SQLiteLedgerTransaction)?.db
    }

    /// GRDB's connection of this transaction, on a SQLite ledger.
    /// - Throws: `SQLiteOnly.notSQLite` on any other database.
    func sqliteDatabase(for what: String) throws -> Database {
        guard let transaction = self as? SQLiteLedgerTransaction else { throw SQLiteOnly.notSQLite(what: what, dialect: dialect) }
        return transaction.db
    }
}
