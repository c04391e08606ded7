import CardPrepCore
import Crypto
import Foundation
import GRDB

@testable import CardPrepLedger

/// The table digests as the ledger computed them on GRDB's connection before it digested through `LedgerTransaction`:
/// kept unchanged as the reference the digests of every store are compared with.
enum TableDigestReference {
    /// The tag of a value left out of the `fixed` digest.
    static let leftOut: UInt8 = 5
    /// The `base` of a chain's first link.
    static let noBase = String(repeating: "0", count: 64)

    /// Digests `table` as it is now: every row, every column (encoding 1).
    static func digest(_ table: AuditedTable, in db: Database) throws -> TableDigest {
        let columns = try db.columns(in: table.name).map(\.name)
        var digest = TableDigest(
            table: table.name, columns: columns, mutableColumns: table.mutableColumns.filter(columns.contains),
            mutableRows: table.mutableRows, markColumn: table.markColumn, mark: try mark(of: table, in: db), rows: 0,
            fixed: "", all: "")
        try recount(&digest, in: db)
        return digest
    }

    /// Digests the rows of `table` added since `previous` (encoding 2), continuing `previous` when it is a digest of
    /// the same columns by the same mark; otherwise every row, as the first link of a new chain.
    static func chained(_ table: AuditedTable, after previous: TableDigest?, in db: Database) throws -> TableDigest {
        let columns = try db.columns(in: table.name).map(\.name)
        let mark = try mark(of: table, in: db)
        var digest = TableDigest(
            table: table.name, columns: columns, mutableColumns: [], mutableRows: nil, markColumn: table.markColumn,
            mark: mark, rows: 0, fixed: "", all: "", from: 0, fromRows: 0, base: noBase)
        if let previous, previous.columns == columns, previous.markColumn == table.markColumn,
            previous.mutableColumns.isEmpty, previous.fixed == previous.all, previous.mark > 0
        {
            digest.from = previous.mark
            digest.fromRows = previous.rows
            digest.base = previous.all
            digest.mark = max(mark, previous.mark)
        }
        try recount(&digest, in: db)
        return digest
    }

    /// The largest mark the table holds now; 0 when it is empty.
    static func mark(of table: AuditedTable, in db: Database) throws -> Int64 {
        let expression = table.markColumn.map(quoted) ?? "rowid"
        return try Int64.fetchOne(db, sql: "SELECT MAX(\(expression)) FROM \(quoted(table.name))") ?? 0
    }

    /// Recomputes `digest`'s `rows`, `fixed` and `all` over the rows it covers, in its encoding: up to its mark
    /// (encoding 1), or above `from` and up to its mark, counted on from `fromRows` (encoding 2).
    /// - Throws: a database error when the table or a column is gone; `ReferenceDigestError.query` for a name that is not a
    ///   plain identifier or a `base` that is not a digest.
    static func recount(_ digest: inout TableDigest, in db: Database) throws {
        let names =
            [digest.table] + digest.columns + digest.mutableColumns
            + [digest.markColumn, digest.mutableRows?.column].compactMap { $0 }
        if let bad = names.first(where: { !isIdentifier($0) }) {
            throw ReferenceDigestError.query(operation: "digest table \(digest.table)", reason: "'\(bad)' is not a column name")
        }
        if digest.from == nil { try recountWhole(&digest, in: db) } else { try recountLink(&digest, in: db) }
    }

    /// Encoding 2: the link of the chain above `from` and up to `mark`.
    private static func recountLink(_ digest: inout TableDigest, in db: Database) throws {
        guard let from = digest.from, let base = digest.base.flatMap(Hex.decode), base.count == 32 else {
            throw ReferenceDigestError.query(operation: "digest table \(digest.table)", reason: "the digest it continues is malformed")
        }
        let markExpression = digest.markColumn.map(quoted) ?? "rowid"
        var order = [markExpression]
        if digest.markColumn != nil { order += try db.primaryKey(digest.table).columns.map(quoted) }
        let query = try SQLiteRows(
            "SELECT \(digest.columns.map(quoted).joined(separator: ", ")) FROM \(quoted(digest.table)) "
                + "WHERE \(markExpression) > ? AND \(markExpression) <= ? ORDER BY \(order.joined(separator: ", "))",
            in: db)
        try query.bind(from, at: 1)
        try query.bind(digest.mark, at: 2)
        var hasher = CanonicalHasher(header: linkHeader(digest))
        hasher.buffer += base
        hasher.appendBigEndian(UInt64(bitPattern: from))
        hasher.appendBigEndian(UInt64(bitPattern: digest.mark))
        let columns = Int32(digest.columns.count)
        var count = 0
        while try query.next() {
            for index in 0..<columns { query.appendColumn(Int(index), to: &hasher) }
            hasher.flushIfFull()
            count += 1
        }
        digest.rows = (digest.fromRows ?? 0) + count
        digest.all = hasher.finish()
        digest.fixed = digest.all
    }

    /// Encoding 1: every row up to the mark.
    private static func recountWhole(_ digest: inout TableDigest, in db: Database) throws {
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

    static func linkHeader(_ digest: TableDigest) -> [UInt8] {
        Array("cardprep-table/2\0\(digest.table)\0\(digest.columns.joined(separator: ","))\0\(digest.markColumn ?? "rowid")\0".utf8)
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

enum ReferenceDigestError: Error {
    case query(operation: String, reason: String)
}

extension CanonicalHasher {
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
}
