import CardPrepCore
import Foundation

/// Computes the canonical digests of a ledger table (`TableDigest`), in one of two encodings.
///
/// Both encode each value as one tag byte and its bytes: `0` NULL; `1` integer, 8 bytes big-endian; `2` real, the 8
/// bytes of its IEEE 754 bits big-endian; `3` text, a 4-byte big-endian length and the UTF-8 bytes; `4` blob, the same
/// with the bytes. SQLite keeps every value in one of these five forms, so a digest depends on what the ledger holds
/// and on nothing else.
///
/// Encoding 1, whole tables (`cardprep-table/1`), for the tables with mutable columns: the header `cardprep-table/1`,
/// NUL, the table name, NUL, the column names joined by `,`, NUL; then every row up to the mark in primary-key order
/// (or the table's `rowOrder`), every column in the listed order. In the `fixed` digest a mutable column of a row it
/// may change in is the single byte `5`, and its header goes on with the mutable columns joined by `,`, NUL, and when
/// only some rows may change, `column=value|value`, NUL. Checkpoints written before encoding 2 used it for every table; they still verify.
///
/// Encoding 2, chained (`cardprep-table/2`), for the tables without mutable columns, so that a checkpoint digests only
/// the rows added since the one before: SHA-256 of the header `cardprep-table/2`, NUL, the table name, NUL, the column
/// names joined by `,`, NUL, the mark's column (`rowid` or its name), NUL; the 32 bytes of the digest it continues
/// (`base`: the previous checkpoint's digest of the table, 32 zero bytes for the first); `from` and `mark` as 8 bytes
/// big-endian each; then the rows whose mark lies above `from` and at most `mark`, ordered by the mark's column and then
/// the primary key (or the table's `rowOrder`), every column in the listed order (text as SQLite stores it, byte for
/// byte). `fixed` and `all` are this one digest. An edited, removed, moved or slipped-in row changes the digest of the
/// link that covers it, and every later digest through `base`.
///
/// The mark. A table's `markColumn` names it; without one, a table is marked by the order its rows were inserted in:
/// on SQLite the rowid (as every checkpoint so far recorded it). On another database such a table needs an integer
/// that grows with every row inserted and is never reused: a column named `rowid` (e.g. `bigint GENERATED ALWAYS AS
/// IDENTITY`; the digests leave it out of the table's columns), or else a primary key of one integer column that the
/// database generates in sequence (what SQLite keeps as the rowid of an `INTEGER PRIMARY KEY`, so the same values).
/// A table with neither is refused with its name. Either way the encodings name the mark `rowid`, so a digest does
/// not depend on the database.
enum TableDigester {
    /// The tag of a value left out of the `fixed` digest.
    static let leftOut: UInt8 = 5
    /// The `base` of a chain's first link.
    static let noBase = String(repeating: "0", count: 64)
    /// The name a store other than SQLite gives the column that keeps a table's insertion order (see the mark, above).
    static let rowOrderColumn = ledgerRowOrder

    /// Digests `table` as it is now: every row, every column (encoding 1).
    static func digest(_ table: AuditedTable, in transaction: any LedgerTransaction) throws -> TableDigest {
        let columns = try digestedColumns(of: table.name, in: transaction)
        var digest = TableDigest(
            table: table.name, columns: columns, mutableColumns: table.mutableColumns.filter(columns.contains),
            mutableRows: table.mutableRows, markColumn: table.markColumn,
            mark: try mark(of: table, in: transaction), rows: 0, fixed: "", all: "")
        try recount(&digest, in: transaction)
        return digest
    }

    /// Digests the rows of `table` added since `previous` (encoding 2), continuing `previous` when it is a digest of
    /// the same columns by the same mark; otherwise every row, as the first link of a new chain.
    static func chained(_ table: AuditedTable, after previous: TableDigest?, in transaction: any LedgerTransaction) throws
        -> TableDigest
    {
        let columns = try digestedColumns(of: table.name, in: transaction)
        let mark = try mark(of: table, in: transaction)
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
        try recount(&digest, in: transaction)
        return digest
    }

    /// The largest mark the table holds now; 0 when it is empty.
    /// - Throws: `LedgerError.query` when the mark is not an integer.
    static func mark(of table: AuditedTable, in transaction: any LedgerTransaction) throws -> Int64 {
        let expression = try markExpression(table.name, markColumn: table.markColumn, in: transaction)
        switch try transaction.row("SELECT MAX(\(expression)) FROM \(quoted(table.name))", [])?[0] ?? .null {
        case .null: return 0
        case let .integer(value): return value
        case let other:
            throw LedgerError.query(
                operation: "digest table \(table.name)", reason: "its mark \(expression) holds \(other), not an integer")
        }
    }

    /// The table's columns as the digests cover them: without the column a store other than SQLite keeps the rows'
    /// order in.
    static func digestedColumns(of table: String, in transaction: any LedgerTransaction) throws -> [String] {
        try transaction.columns(of: table).filter { $0 != rowOrderColumn }
    }

    /// The columns the digests of `table` order its rows by: its `AuditedTable.rowOrder`, or its primary key.
    static func rowOrder(of table: String, in transaction: any LedgerTransaction) throws -> [String] {
        if let order = AuditedTables.all.first(where: { $0.name == table })?.rowOrder { return order }
        return try transaction.primaryKey(of: table)
    }

    /// The expression whose values mark the rows of `table`: its mark column; without one, SQLite's rowid, or on
    /// another database the `rowid` column or an integer primary key of one column (see the mark, above).
    /// - Throws: `LedgerError.query` for a table that keeps no order of its rows.
    static func markExpression(_ table: String, markColumn: String?, in transaction: any LedgerTransaction) throws -> String {
        if let markColumn { return quoted(markColumn) }
        if transaction.dialect == .sqlite { return "rowid" }
        if try transaction.columns(of: table).contains(rowOrderColumn) { return quoted(rowOrderColumn) }
        let key = try transaction.primaryKey(of: table)
        guard key.count == 1 else {
            throw LedgerError.query(
                operation: "digest table \(table)",
                reason: "it has no \(rowOrderColumn) column and no primary key of one integer column to order its rows by")
        }
        return quoted(key[0])
    }

    /// Recomputes `digest`'s `rows`, `fixed` and `all` over the rows it covers, in its encoding: up to its mark
    /// (encoding 1), or above `from` and up to its mark, counted on from `fromRows` (encoding 2).
    /// - Throws: a database error when the table or a column is gone; `LedgerError.query` for a name that is not a
    ///   plain identifier, a `base` that is not a digest or a table that keeps no order of its rows.
    static func recount(_ digest: inout TableDigest, in transaction: any LedgerTransaction) throws {
        let names =
            [digest.table] + digest.columns + digest.mutableColumns
            + [digest.markColumn, digest.mutableRows?.column].compactMap { $0 }
        if let bad = names.first(where: { !isIdentifier($0) }) {
            throw LedgerError.query(operation: "digest table \(digest.table)", reason: "'\(bad)' is not a column name")
        }
        if digest.from == nil { try recountWhole(&digest, in: transaction) } else { try recountLink(&digest, in: transaction) }
    }

    /// Encoding 2: the link of the chain above `from` and up to `mark`.
    private static func recountLink(_ digest: inout TableDigest, in transaction: any LedgerTransaction) throws {
        guard let from = digest.from, let base = digest.base.flatMap(Hex.decode), base.count == 32 else {
            throw LedgerError.query(operation: "digest table \(digest.table)", reason: "the digest it continues is malformed")
        }
        let markExpression = try markExpression(digest.table, markColumn: digest.markColumn, in: transaction)
        var order = [markExpression]
        if digest.markColumn != nil { order += try rowOrder(of: digest.table, in: transaction).map(quoted) }
        var link = Link(columns: digest.columns.count, hasher: CanonicalHasher(header: linkHeader(digest)))
        link.hasher.buffer += base
        link.hasher.appendBigEndian(UInt64(bitPattern: from))
        link.hasher.appendBigEndian(UInt64(bitPattern: digest.mark))
        try transaction.digestRows(
            "SELECT \(digest.columns.map(quoted).joined(separator: ", ")) FROM \(quoted(digest.table)) "
                + "WHERE \(markExpression) > ? AND \(markExpression) <= ? ORDER BY \(order.joined(separator: ", "))",
            [.integer(from), .integer(digest.mark)], into: &link)
        digest.rows = (digest.fromRows ?? 0) + link.count
        digest.all = link.hasher.finish()
        digest.fixed = digest.all
    }

    /// The rows of a chain's link, every column in order.
    private struct Link: DigestedRows {
        let columns: Int
        var hasher: CanonicalHasher
        var count = 0

        mutating func add<Row: DigestedRow>(_ row: Row) {
            for index in 0..<columns { row.appendColumn(index, to: &hasher) }
            hasher.flushIfFull()
            count += 1
        }
    }

    /// Encoding 1: every row up to the mark.
    private static func recountWhole(_ digest: inout TableDigest, in transaction: any LedgerTransaction) throws {
        let primaryKey = try rowOrder(of: digest.table, in: transaction)
        let mutable = Set(digest.mutableColumns)
        var flag = "1"
        var arguments: [LedgerValue] = []
        if mutable.isEmpty {
            flag = "0"
        } else if let rows = digest.mutableRows {
            flag = "\(quoted(rows.column)) IN (\(rows.values.map { _ in "?" }.joined(separator: ",")))"
            arguments += rows.values.map { .text($0) }
        }
        arguments.append(.integer(digest.mark))
        let markExpression = try markExpression(digest.table, markColumn: digest.markColumn, in: transaction)
        var whole = Whole(
            columns: digest.columns.count, leftOut: digest.columns.map(mutable.contains), anyMutable: !mutable.isEmpty,
            all: CanonicalHasher(header: header(digest, fixed: false)), fixed: CanonicalHasher(header: header(digest, fixed: true)))
        try transaction.digestRows(
            "SELECT \(digest.columns.map(quoted).joined(separator: ", ")), \(flag) FROM \(quoted(digest.table)) "
                + "WHERE \(markExpression) <= ? ORDER BY \(primaryKey.map(quoted).joined(separator: ", "))",
            arguments, into: &whole)
        digest.rows = whole.count
        digest.all = whole.all.finish()
        // A table without mutable columns has one digest for both.
        digest.fixed = mutable.isEmpty ? digest.all : whole.fixed.finish()
    }

    /// The rows of a whole table, every column in order, then whether the row's mutable columns may change.
    private struct Whole: DigestedRows {
        let columns: Int
        let leftOut: [Bool]
        let anyMutable: Bool
        var all: CanonicalHasher
        var fixed: CanonicalHasher
        var count = 0

        mutating func add<Row: DigestedRow>(_ row: Row) {
            let mayChange = row.isTrue(columns)
            for index in 0..<columns {
                let start = all.buffer.count
                row.appendColumn(index, to: &all)
                guard anyMutable else { continue }
                if mayChange && leftOut[index] { fixed.buffer.append(TableDigester.leftOut) } else { fixed.buffer += all.buffer[start...] }
            }
            all.flushIfFull()
            fixed.flushIfFull()
            count += 1
        }
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
