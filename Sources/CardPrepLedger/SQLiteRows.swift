import Foundation
import GRDB
internal import GRDBSQLite

/// One prepared statement bound and stepped through SQLite's own interface, for the ledger's bulk paths (a card's
/// trace row), where GRDB's boxed arguments cost more than the row.
///
/// It lives inside one access closure of the database it was prepared on, like the `Statement` it wraps; every
/// SQLite result code goes through `check`.
struct SQLiteRows {
    let statement: Statement
    let db: Database

    /// Prepares `sql` on `db`.
    /// - Throws: `DatabaseError` when SQLite refuses the statement.
    init(_ sql: String, in db: Database) throws {
        statement = try db.makeStatement(sql: sql)
        self.db = db
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// Binds an integer to the parameter at `index` (from 1).
    func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds text, copied, to the parameter at `index` (from 1).
    func bind(_ text: String, at index: Int32) throws {
        var text = text
        try check(text.withUTF8 { bytes in
            // An empty buffer has no address, and a null address would bind NULL rather than ''.
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, Self.transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
            }
        })
    }

    /// Binds bytes, copied, as a blob to the parameter at `index` (from 1).
    func bind(_ bytes: [UInt8], at index: Int32) throws {
        try check(bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), Self.transient)
        })
    }

    /// Runs a bound statement that returns no rows, and readies it for the next binding.
    /// - Throws: `DatabaseError` with SQLite's code and message (a constraint the row breaks, a full disk, …).
    func run() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let error = failure(code)
            sqlite3_reset(handle)
            throw error
        }
        sqlite3_reset(handle)
    }

    /// Turns a result code other than OK into the database's error.
    private func check(_ code: Int32) throws {
        guard code != SQLITE_OK else { return }
        throw failure(code)
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite error \(code)"
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// SQLite copies what is bound before the binding call returns.
    nonisolated(unsafe) private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
