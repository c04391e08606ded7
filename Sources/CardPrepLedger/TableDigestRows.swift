import Crypto
import GRDB
import Foundation

/// One row of a digest query, whichever store read it: its columns appended in the canonical encoding (see
/// `TableDigester`).
protocol DigestedRow {
    /// Appends column `index` (from 0) to `hasher`: its storage class as one tag byte, then its value.
    func appendColumn(_ index: Int, to hasher: inout CanonicalHasher)
    /// Whether column `index` (from 0) is an integer other than 0.
    func isTrue(_ index: Int) -> Bool
}

/// What a digest makes of the rows of its query, one at a time.
protocol DigestedRows {
    /// Takes in one row.
    mutating func add<Row: DigestedRow>(_ row: Row)
}

extension LedgerRow: DigestedRow {
    func appendColumn(_ index: Int, to hasher: inout CanonicalHasher) { hasher.append(values[index]) }

    func isTrue(_ index: Int) -> Bool {
        switch values[index] {
        case let .integer(number): number != 0
        case let .real(number): number != 0
        default: false
        }
    }
}

extension LedgerTransaction {
    /// Runs a digest query and hands every row to `rows`. A SQLite ledger's own transaction steps the statement
    /// through SQLite's interface (`SQLiteRows`), reading each value in place; any other transaction goes through
    /// `forEachRow`. Both give the same bytes to the digest.
    func digestRows<Rows: DigestedRows>(_ sql: String, _ arguments: [LedgerValue], into rows: inout Rows) throws {
        if let db = sqliteConnection {
            let query = try SQLiteRows(sql, in: db)
            for (index, argument) in arguments.enumerated() { try query.bind(argument, at: Int32(index + 1)) }
            while try query.next() { rows.add(query) }
        } else {
            try forEachRow(sql, arguments) { row in rows.add(row) }
        }
    }

    /// Whether the ledger has a table named `name`: on another store, whether it lists columns of that name (a store
    /// that refuses to list a table's columns has no such table).
    func tableExists(_ name: String) throws -> Bool {
        if let db = sqliteConnection { return try db.tableExists(name) }
        guard let columns = try? columns(of: name) else { return false }
        return !columns.isEmpty
    }
}

/// SHA-256 over canonically encoded values, fed in 64 KiB pieces.
struct CanonicalHasher {
    var hasher = SHA256()
    var buffer: [UInt8] = []

    init(header: [UInt8]) {
        buffer.reserveCapacity(1 << 17)
        buffer += header
    }

    /// Appends one value: `0` NULL; `1` integer, 8 bytes big-endian; `2` real, its IEEE 754 bits big-endian; `3` text,
    /// a 4-byte big-endian length and the UTF-8 bytes; `4` blob, the same with the bytes.
    mutating func append(_ value: LedgerValue) {
        switch value {
        case .null: buffer.append(0)
        case let .integer(number):
            buffer.append(1)
            appendBigEndian(UInt64(bitPattern: number))
        case let .real(number):
            buffer.append(2)
            appendBigEndian(number.bitPattern)
        case let .text(text):
            buffer.append(3)
            var text = text
            text.withUTF8 { bytes in
                appendLength(bytes.count)
                buffer.append(contentsOf: bytes)
            }
        case let .blob(bytes):
            buffer.append(4)
            appendLength(bytes.count)
            buffer.append(contentsOf: bytes)
        }
    }

    mutating func appendLength(_ count: Int) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: count).bigEndian) { buffer.append(contentsOf: $0) }
    }

    mutating func appendBigEndian(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }

    mutating func flushIfFull() {
        guard buffer.count >= 1 << 16 else { return }
        hasher.update(data: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func finish() -> String {
        hasher.update(data: buffer)
        buffer.removeAll()
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
