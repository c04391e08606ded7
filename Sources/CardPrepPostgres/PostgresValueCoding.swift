import CardPrepLedger
import PostgresNIO

extension PostgresBindings {
    /// Appends a ledger value as the PostgreSQL type the ledger keeps it in: `bigint`, `double precision`, `text`,
    /// `bytea`; NULL untyped, so the server takes the type from where it is used.
    mutating func append(ledger value: LedgerValue) {
        switch value {
        case .null: appendNull()
        case let .integer(number): append(number)
        case let .real(number): append(number)
        case let .text(text): append(text)
        case let .blob(bytes): append(ByteBuffer(bytes: bytes))
        }
    }

    /// Bindings for `values`, in order.
    init(ledger values: [LedgerValue]) {
        self.init(capacity: values.count)
        for value in values { append(ledger: value) }
    }
}

extension LedgerValue {
    /// The ledger value of one result cell: integers of any width and booleans (as 0 or 1) are integers, floating
    /// point numbers are reals, text types are text, `bytea` is a blob.
    /// - Throws: `PostgresLedgerError.unsupportedColumnType` for any other type (`numeric`, dates, JSON…), which the
    ///   query must cast.
    init(cell: PostgresCell) throws(PostgresLedgerError) {
        guard cell.bytes != nil else {
            self = .null
            return
        }
        do {
            switch cell.dataType {
            case .int8: self = .integer(try cell.decode(Int64.self))
            case .int4: self = .integer(Int64(try cell.decode(Int32.self)))
            case .int2: self = .integer(Int64(try cell.decode(Int16.self)))
            case .bool: self = .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float8: self = .real(try cell.decode(Double.self))
            case .float4: self = .real(Double(try cell.decode(Float.self)))
            case .text, .varchar, .bpchar, .name: self = .text(try cell.decode(String.self))
            case .bytea:
                var buffer = try cell.decode(ByteBuffer.self)
                self = .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
            default:
                throw PostgresLedgerError.unsupportedColumnType(column: cell.columnName, type: cell.dataType.ledgerName)
            }
        } catch let error as PostgresLedgerError {
            throw error
        } catch {
            throw .unsupportedColumnType(column: cell.columnName, type: "\(cell.dataType.ledgerName) (\(error))")
        }
    }
}

extension LedgerRow {
    /// The ledger row of one PostgreSQL result row.
    init(postgres row: PostgresRow) throws(PostgresLedgerError) {
        var columns: [String] = []
        var values: [LedgerValue] = []
        columns.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for cell in row {
            columns.append(cell.columnName)
            values.append(try LedgerValue(cell: cell))
        }
        self.init(columns: columns, values: values)
    }
}

extension PostgresDataType {
    /// The type's SQL name as messages give it (`numeric`, `timestamp with time zone`), or its OID.
    var ledgerName: String { knownSQLName?.lowercased() ?? "of OID \(rawValue)" }
}
