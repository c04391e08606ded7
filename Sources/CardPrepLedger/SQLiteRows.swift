import CardPrepCore
import Foundation
import GRDB
internal import GRDBSQLite

/// One prepared statement bound and stepped through SQLite's own interface, for the ledger's bulk paths (a card's
/// trace row, the rows of a table being digested), where GRDB's boxed arguments and rows cost more than the row.
///
/// It lives inside one access closure of the database it was prepared on, like the `Statement` it wraps; every
/// SQLite result code goes through `check`.
struct SQLiteRows: DigestedRow {
    let statement: GRDB.Statement
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

    /// Binds a real to the parameter at `index` (from 1).
    func bind(_ value: Double, at index: Int32) throws {
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds a ledger value to the parameter at `index` (from 1), as `SQLiteLedgerTransaction` binds it.
    func bind(_ value: LedgerValue, at index: Int32) throws {
        switch value {
        case .null: try check(sqlite3_bind_null(handle, index))
        case let .integer(number): try bind(number, at: index)
        case let .real(number): try bind(number, at: index)
        case let .text(text): try bind(text, at: index)
        case let .blob(bytes): try bind(bytes, at: index)
        }
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

    /// Steps to the next row of a bound query.
    /// - Returns: false after the last row (the statement is then reset).
    /// - Throws: `DatabaseError` with SQLite's code and message.
    func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        let error = code == SQLITE_DONE ? nil : failure(code)
        sqlite3_reset(handle)
        if let error { throw error }
        return false
    }

    /// Column `index` (from 0) of the current row as an integer; nil when it is NULL.
    func integer(_ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }

    /// Column `index` (from 0) of the current row as a card fingerprint; nil when it is not a blob of 32 bytes.
    func fingerprint(_ index: Int32) -> CardFingerprint? {
        guard sqlite3_column_type(handle, index) == SQLITE_BLOB, sqlite3_column_bytes(handle, index) == 32,
            let blob = sqlite3_column_blob(handle, index)
        else { return nil }
        return CardFingerprint(raw: UnsafeRawBufferPointer(start: blob, count: 32))
    }

    /// How many rows the last `run` inserted, changed or deleted.
    var changes: Int { db.sqliteConnection.map { Int(sqlite3_changes($0)) } ?? 0 }

    /// Whether column `index` (from 0) of the current row is an integer other than 0.
    func isTrue(_ index: Int) -> Bool { sqlite3_column_int64(handle, Int32(index)) != 0 }

    /// Appends column `index` (from 0) of the current row to `hasher` in the canonical encoding: its storage class as
    /// one tag byte, then its value (see `TableDigester`). Text and blobs are taken as SQLite stores them, byte for byte.
    func appendColumn(_ index: Int, to hasher: inout CanonicalHasher) {
        let index = Int32(index)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            hasher.buffer.append(1)
            hasher.appendBigEndian(UInt64(bitPattern: sqlite3_column_int64(handle, index)))
        case SQLITE_FLOAT:
            hasher.buffer.append(2)
            hasher.appendBigEndian(sqlite3_column_double(handle, index).bitPattern)
        case SQLITE_TEXT:
            hasher.buffer.append(3)
            let text = sqlite3_column_text(handle, index)
            let count = Int(sqlite3_column_bytes(handle, index))
            hasher.appendLength(count)
            if let text, count > 0 { hasher.buffer.append(contentsOf: UnsafeBufferPointer(start: text, count: count)) }
        case SQLITE_BLOB:
            hasher.buffer.append(4)
            let blob = sqlite3_column_blob(handle, index)
            let count = Int(sqlite3_column_bytes(handle, index))
            hasher.appendLength(count)
            if let blob, count > 0 {
                hasher.buffer.append(contentsOf: UnsafeRawBufferPointer(start: blob, count: count))
            }
        default:
            hasher.buffer.append(0)
        }
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
