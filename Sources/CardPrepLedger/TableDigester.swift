import Crypto
import Foundation
import GRDB

/// Computes the canonical digests of a ledger table (`TableDigest`).
///
/// The encoding, version 1: the header `cardprep-table/1`, NUL, the table name, NUL, the column names joined by `,`,
/// NUL; then every row up to the mark in primary-key order, every column in the listed order, each value as one tag
/// byte and its bytes: `0` NULL; `1` integer, 8 bytes big-endian; `2` real, the 8 bytes of its IEEE 754 bits
/// big-endian; `3` text, a 4-byte big-endian length and the UTF-8 bytes; `4` blob, the same with the bytes. In the
/// `fixed` digest a mutable column of a row it may change in is the single byte `5`, and its header goes on with the
/// mutable columns joined by `,`, NUL, and when only some rows may change, `column=value|value`, NUL; a table without
/// mutable columns has one digest for both. SQLite keeps every value in one
/// of these five forms, so the digest depends on what the ledger holds and on nothing else.
enum TableDigester {
    /// The tag of a value left out of the `fixed` digest.
    static let leftOut: UInt8 = 5

    /// Digests `table` as it is now: every row, every column.
    static func digest(_ table: AuditedTable, in db: Database) throws -> TableDigest {
        let columns = try db.columns(in: table.name).map(\.name)
        let markExpression = table.markColumn.map(quoted) ?? "rowid"
        let mark = try Int64.fetchOne(db, sql: "SELECT MAX(\(markExpression)) FROM \(quoted(table.name))") ?? 0
        var digest = TableDigest(
            table: table.name, columns: columns, mutableColumns: table.mutableColumns.filter(columns.contains),
            mutableRows: table.mutableRows, markColumn: table.markColumn, mark: mark, rows: 0, fixed: "", all: "")
        try recount(&digest, in: db)
        return digest
    }

    /// Recomputes `digest`'s `rows`, `fixed` and `all` over the rows up to its mark, with its columns.
    /// - Throws: a database error when the table or a column is gone; `LedgerError.query` for a name that is not a
    ///   plain identifier.
    static func recount(_ digest: inout TableDigest, in db: Database) throws {
        let names =
            [digest.table] + digest.columns + digest.mutableColumns
            + [digest.markColumn, digest.mutableRows?.column].compactMap { $0 }
        if let bad = names.first(where: { !isIdentifier($0) }) {
            throw LedgerError.query(operation: "digest table \(digest.table)", reason: "'\(bad)' is not a column name")
        }
        let primaryKey = try db.primaryKey(digest.table).columns
        let mutable = Set(digest.mutableColumns)
        var flag = "1"
        var arguments: [DatabaseValueConvertible] = []
        if mutable.isEmpty {
            flag = "0"
        } else if let rows = digest.mutableRows {
            flag = "\(quoted(rows.column)) IN (\(rows.values.map { _ in "?" }.joined(separator: ",")))"
            arguments += rows.values
        }
        arguments.append(digest.mark)
        let sql =
            "SELECT \(digest.columns.map(quoted).joined(separator: ", ")), \(flag) FROM \(quoted(digest.table)) "
            + "WHERE \(digest.markColumn.map(quoted) ?? "rowid") <= ? ORDER BY \(primaryKey.map(quoted).joined(separator: ", "))"
        var all = CanonicalHasher(header: header(digest, fixed: false))
        var fixed = CanonicalHasher(header: header(digest, fixed: true))
        let leftOut = digest.columns.map(mutable.contains)
        var count = 0
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try cursor.next() {
            let mayChange: Bool = row[digest.columns.count]
            for index in digest.columns.indices {
                let start = all.buffer.count
                all.append(row[index] as DatabaseValue)
                guard !mutable.isEmpty else { continue }
                if mayChange && leftOut[index] { fixed.buffer.append(Self.leftOut) } else { fixed.buffer += all.buffer[start...] }
            }
            all.flushIfFull()
            fixed.flushIfFull()
            count += 1
        }
        digest.rows = count
        digest.all = all.finish()
        // A table without mutable columns has one digest for both.
        digest.fixed = mutable.isEmpty ? digest.all : fixed.finish()
    }

    static func header(_ digest: TableDigest, fixed: Bool) -> [UInt8] {
        var text = "cardprep-table/1\0\(digest.table)\0\(digest.columns.joined(separator: ","))\0"
        if fixed {
            text += digest.mutableColumns.joined(separator: ",") + "\0"
            if let rows = digest.mutableRows { text += rows.column + "=" + rows.values.joined(separator: "|") + "\0" }
        }
        return Array(text.utf8)
    }

    static func quoted(_ name: String) -> String { "\"" + name + "\"" }

    /// A name made of ASCII letters, digits and `_`, not starting with a digit.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(0x30...0x39).contains(first) else { return false }
        return name.utf8.allSatisfy {
            $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
        }
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

    mutating func append(_ value: DatabaseValue) {
        switch value.storage {
        case .null: buffer.append(0)
        case let .int64(number):
            buffer.append(1)
            appendBigEndian(UInt64(bitPattern: number))
        case let .double(number):
            buffer.append(2)
            appendBigEndian(number.bitPattern)
        case let .string(text):
            buffer.append(3)
            var text = text
            text.withUTF8 { bytes in
                appendLength(bytes.count)
                buffer.append(contentsOf: bytes)
            }
        case let .blob(data):
            buffer.append(4)
            appendLength(data.count)
            buffer.append(contentsOf: data)
        }
    }

    private mutating func appendLength(_ count: Int) {
        let length = UInt32(truncatingIfNeeded: count)
        buffer += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
    }

    private mutating func appendBigEndian(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { buffer.append(UInt8(value >> UInt64(shift) & 0xFF)) }
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
