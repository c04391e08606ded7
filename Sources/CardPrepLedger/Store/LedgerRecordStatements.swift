import Foundation

/// The statements the ledger writes records with, in the SQL SQLite and PostgreSQL share; identifiers are always
/// double-quoted, so a column may be named `key`, `order` or `text`.
extension LedgerTransaction {
    /// Inserts `record` as a new row.
    func insert<R: LedgerRecord>(_ record: R) throws {
        let columns = try record.ledgerColumns()
        try execute(Self.insertSQL(R.tableName, columns.map(\.name)), columns.map(\.value))
    }

    /// Inserts `record` and returns the key the database generated for it: `key` is left to the database when the
    /// record holds NULL there.
    func insert<R: LedgerRecord>(_ record: R, generating key: String) throws -> Int64 {
        let columns = try record.ledgerColumns().filter { $0.name != key || $0.value != .null }
        let sql = Self.insertSQL(R.tableName, columns.map(\.name)) + " RETURNING \(quoted(key))"
        guard let row = try self.row(sql, columns.map(\.value)), case let .integer(generated) = row[0] else {
            throw LedgerColumnMismatch(column: key, expected: "a generated integer key", found: .null)
        }
        return generated
    }

    /// Writes `record` over the row with the same primary key, or inserts it when there is none.
    ///
    /// The row keeps its place on every database: an existing row is updated where it is (SQLite keeps its rowid), and
    /// only a new row is inserted, so that PostgreSQL draws a number for its `rowid` column (`ledgerRowOrder`) only for
    /// a row it adds, as SQLite does; an `INSERT … ON CONFLICT` alone would draw one and throw it away on every
    /// rewrite, and the rows added after would be marked differently on the two databases. The insert still resolves a
    /// conflict, for a row another host adds between the two statements.
    func save<R: LedgerRecord>(_ record: R) throws {
        let columns = try record.ledgerColumns()
        let key = try primaryKey(of: R.tableName)
        let keyed = columns.filter { key.contains($0.name) }
        let others = columns.filter { !key.contains($0.name) }
        if let missing = key.first(where: { name in !keyed.contains { $0.name == name } }) {
            throw LedgerColumnMismatch(column: missing, expected: "the primary key's value", found: .null)
        }
        let match = keyed.map { "\(quoted($0.name)) = ?" }.joined(separator: " AND ")
        let found: LedgerRow?
        if others.isEmpty {
            found = try row("SELECT 1 FROM \(quoted(R.tableName)) WHERE \(match)", keyed.map(\.value))
        } else {
            found = try row(
                "UPDATE \(quoted(R.tableName)) SET " + others.map { "\(quoted($0.name)) = ?" }.joined(separator: ", ")
                    + " WHERE \(match) RETURNING 1", others.map(\.value) + keyed.map(\.value))
        }
        guard found == nil else { return }
        var sql = Self.insertSQL(R.tableName, columns.map(\.name)) + " ON CONFLICT (\(key.map(quoted).joined(separator: ", "))) "
        sql +=
            others.isEmpty
            ? "DO NOTHING" : "DO UPDATE SET " + others.map { "\(quoted($0.name)) = excluded.\(quoted($0.name))" }.joined(separator: ", ")
        try execute(sql, columns.map(\.value))
    }

    /// Writes every column of `record` over the row with the same primary key.
    /// - Throws: `LedgerError.notFound` when there is no such row.
    func update<R: LedgerRecord>(_ record: R) throws {
        let columns = try record.ledgerColumns()
        let key = try primaryKey(of: R.tableName)
        let others = columns.filter { !key.contains($0.name) }
        let keyed = try key.map { name in
            guard let column = columns.first(where: { $0.name == name }) else {
                throw LedgerColumnMismatch(column: name, expected: "the primary key's value", found: .null)
            }
            return column
        }
        let sql =
            "UPDATE \(quoted(R.tableName)) SET " + others.map { "\(quoted($0.name)) = ?" }.joined(separator: ", ")
            + " WHERE " + keyed.map { "\(quoted($0.name)) = ?" }.joined(separator: " AND ")
            + " RETURNING 1"
        guard try row(sql, others.map(\.value) + keyed.map(\.value)) != nil else {
            throw LedgerError.notFound(what: "\(R.tableName) row \(keyed.map { "\($0.value)" }.joined(separator: ", "))")
        }
    }

    /// The records of `R` a query returns.
    func records<R: LedgerRecord>(_ type: R.Type, _ sql: String, _ arguments: [LedgerValue] = []) throws -> [R] {
        try rows(sql, arguments).map { try R(row: $0) }
    }

    /// The first record of `R` a query returns, if any.
    func record<R: LedgerRecord>(_ type: R.Type, _ sql: String, _ arguments: [LedgerValue] = []) throws -> R? {
        try row(sql, arguments).map { try R(row: $0) }
    }

    /// The integer a query returns first (a count, a maximum); nil for no row or NULL.
    func integer(_ sql: String, _ arguments: [LedgerValue] = []) throws -> Int64? {
        switch try row(sql, arguments)?[0] {
        case let .integer(value): value
        case let .real(value): Int64(exactly: value)
        default: nil
        }
    }

    private static func insertSQL(_ table: String, _ columns: [String]) -> String {
        let names = columns.map(quoted).joined(separator: ", ")
        let marks = columns.map { _ in "?" }.joined(separator: ", ")
        return "INSERT INTO \(quoted(table)) (\(names)) VALUES (\(marks))"
    }
}

/// The column that orders the rows of a table with no column of its own that keeps the order they were inserted in
/// (nor an integer key generated in sequence): SQLite's rowid. A store on another database gives each such table a
/// column of this name, an integer that grows with every row inserted and is never reused (e.g. `bigint GENERATED
/// ALWAYS AS IDENTITY`); records ignore it and table digests leave it out (see `TableDigester`).
let ledgerRowOrder = "rowid"

/// `name` double-quoted as an SQL identifier.
func quoted(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension LedgerValue {
    /// A date as the ledger stores it (`yyyy-MM-dd HH:mm:ss.SSS`, UTC).
    static func date(_ date: Date) -> LedgerValue { .text(LedgerDateText.text(date)) }

    /// A boolean as the ledger stores it (0 or 1).
    static func bool(_ value: Bool) -> LedgerValue { .integer(value ? 1 : 0) }

    /// An integer.
    static func int(_ value: Int) -> LedgerValue { .integer(Int64(value)) }

    /// Text, or NULL.
    static func nullable(_ value: String?) -> LedgerValue { value.map { .text($0) } ?? .null }

    /// A value's raw text (an enum stored by its raw value).
    static func raw<T: RawRepresentable>(_ value: T) -> LedgerValue where T.RawValue == String { .text(value.rawValue) }
}

extension LedgerRow {
    /// The text of a column.
    /// - Throws: `LedgerColumnMismatch` when it holds something else.
    func requiredText(_ column: String) throws -> String {
        guard let value = text(column) else { throw LedgerColumnMismatch(column: column, expected: "text", found: self[column]) }
        return value
    }

    /// The integer of a column.
    /// - Throws: `LedgerColumnMismatch` when it holds something else.
    func requiredInt(_ column: String) throws -> Int {
        guard let value = integer(column).flatMap({ Int(exactly: $0) }) else {
            throw LedgerColumnMismatch(column: column, expected: "an integer", found: self[column])
        }
        return value
    }

    /// The text of a column, nil for NULL or another kind of value.
    func text(_ column: String) -> String? {
        if case let .text(value) = self[column] { return value }
        return nil
    }

    /// The integer of a column, nil for NULL or another kind of value.
    func integer(_ column: String) -> Int64? {
        switch self[column] {
        case let .integer(value): value
        case let .real(value): Int64(exactly: value)
        default: nil
        }
    }
}
