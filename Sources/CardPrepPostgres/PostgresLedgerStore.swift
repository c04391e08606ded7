import CardPrepLedger
import Foundation
import Logging
import PostgresNIO

/// The ledger on a PostgreSQL server that several hosts share.
///
/// The API is synchronous: each call blocks the calling thread until the server has answered (never an event loop
/// thread). A write takes the ledger's advisory lock (`pg_advisory_xact_lock`) first, so writes of every host are
/// serialised and the audit chain's sequence and hash are taken in the same transaction as the event; a read runs in
/// `REPEATABLE READ READ ONLY`, one consistent snapshot. A transaction commits when its body returns and rolls back
/// when it throws; a connection lost in between leaves nothing of it.
public final class PostgresLedgerStore: LedgerStore, @unchecked Sendable {
    /// The key of the advisory lock every write takes: one per database, the same on every host.
    public static let writeLockKey: Int64 = 0x4361_7264_5072_6570  // "CardPrep"

    /// Where the ledger is and how it is reached.
    public let configuration: PostgresLedgerConfiguration
    public var dialect: LedgerDialect { .postgres }
    public var location: String { configuration.location }

    private let connector: PostgresConnector
    private let keys = PrimaryKeyCache()
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var nextConnectionID = 1

    /// Connects to the server once, so an unreachable server, a wrong password or a missing database is reported now.
    /// The ledger's tables are made by `prepareLedgerSchema()`.
    /// - Parameters:
    ///   - configuration: the server, database, role and limits.
    ///   - logger: where PostgresNIO logs its connections' events.
    /// - Throws: `PostgresLedgerError`.
    public init(configuration: PostgresLedgerConfiguration, logger: Logger) throws(PostgresLedgerError) {
        self.configuration = configuration
        self.connector = PostgresConnector(configuration: configuration, logger: logger)
        let first = try connector.connect(id: 0)
        idle.append(first)
    }

    deinit {
        for connection in idle { try? connection.close().wait() }
    }

    public func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", lock: false, body)
    }

    public func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", lock: true, body)
    }

    public func writeOutsideLedgerLock<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", lock: false, body)
    }

    /// Runs `body` in a transaction started by `begin`, after the write lock when `lock` is set.
    private func transaction<T>(begin: String, lock: Bool, _ body: (any LedgerTransaction) throws -> T) throws -> T {
        var connection = try checkOut()
        var transaction = PostgresLedgerTransaction(connection: connection, connector: connector, keys: keys)
        do {
            try transaction.execute(begin, [])
        } catch {
            connection.closeQuietly()
            // A kept connection the server has dropped since (a restart, a failover): nothing was done on it yet,
            // so a new connection starts the transaction.
            guard case .connectionLost? = error as? PostgresLedgerError else { throw error }
            connection = try connector.connect(id: newConnectionID())
            transaction = PostgresLedgerTransaction(connection: connection, connector: connector, keys: keys)
            do { try transaction.execute(begin, []) } catch {
                connection.closeQuietly()
                throw error
            }
        }
        do {
            if lock { try transaction.execute("SELECT pg_advisory_xact_lock(?)", [.integer(Self.writeLockKey)]) }
            let result = try body(transaction)
            try transaction.execute("COMMIT", [])
            checkIn(connection)
            return result
        } catch {
            // A connection that is gone, or cannot roll back, is not used again; the server ends its transaction.
            if case .connectionLost? = error as? PostgresLedgerError {
                connection.closeQuietly()
            } else if !connection.isClosed, (try? transaction.execute("ROLLBACK", [])) != nil {
                checkIn(connection)
            } else {
                connection.closeQuietly()
            }
            throw error
        }
    }

    private func checkOut() throws(PostgresLedgerError) -> PostgresConnection {
        lock.lock()
        while let connection = idle.popLast() {
            if !connection.isClosed {
                lock.unlock()
                return connection
            }
        }
        lock.unlock()
        return try connector.connect(id: newConnectionID())
    }

    private func newConnectionID() -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextConnectionID += 1
        return nextConnectionID
    }

    private func checkIn(_ connection: PostgresConnection) {
        lock.lock()
        defer { lock.unlock() }
        if idle.count < 4 { idle.append(connection) } else { connection.closeQuietly() }
    }
}

/// One transaction on a PostgreSQL ledger, on one connection.
final class PostgresLedgerTransaction: LedgerTransaction {
    let connection: PostgresConnection
    let connector: PostgresConnector
    let keys: PrimaryKeyCache
    private var cursors = 0
    /// How many rows `forEachRow` fetches at a time.
    static let fetchSize = 500

    init(connection: PostgresConnection, connector: PostgresConnector, keys: PrimaryKeyCache) {
        self.connection = connection
        self.connector = connector
        self.keys = keys
    }

    var dialect: LedgerDialect { .postgres }

    func execute(_ sql: String, _ arguments: [LedgerValue]) throws {
        _ = try run(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: [LedgerValue]) throws -> [LedgerRow] {
        let result = try run(sql, arguments)
        var rows: [LedgerRow] = []
        rows.reserveCapacity(result.count)
        for row in result { rows.append(try LedgerRow(postgres: row)) }
        return rows
    }

    /// Streams the rows of a query through a cursor of the transaction, `fetchSize` rows at a time. A statement that
    /// is not a query (`INSERT … RETURNING`) cannot have a cursor; its rows are handed over once it has run.
    func forEachRow(_ sql: String, _ arguments: [LedgerValue], _ body: (LedgerRow) throws -> Void) throws {
        guard Self.isQuery(sql) else {
            for row in try rows(sql, arguments) { try body(row) }
            return
        }
        cursors += 1
        let cursor = "cardprep_rows_\(cursors)"
        try execute("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", arguments)
        while true {
            let batch = try rows("FETCH FORWARD \(Self.fetchSize) FROM \(cursor)", [])
            for row in batch { try body(row) }
            if batch.count < Self.fetchSize { break }
        }
        try execute("CLOSE \(cursor)", [])
    }

    /// Whether `sql` is a query a cursor can run: it starts with SELECT or VALUES.
    static func isQuery(_ sql: String) -> Bool {
        let start = sql.drop { $0.isWhitespace || $0 == "(" }.prefix(6).uppercased()
        return start == "SELECT" || start.hasPrefix("VALUES")
    }

    func columns(of table: String) throws -> [String] {
        try rows(
            """
            SELECT attname::text AS name FROM pg_attribute
            WHERE attrelid = to_regclass(quote_ident(?)) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """, [.text(table)]
        ).compactMap { if case let .text(name) = $0[0] { name } else { nil } }
    }

    /// The key from the catalog once per table and store: every `save` and `update` of a record asks for it.
    func primaryKey(of table: String) throws -> [String] {
        if let key = keys[table] { return key }
        let key = try rows(
            """
            SELECT a.attname::text AS name
            FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = to_regclass(quote_ident(?)) AND i.indisprimary ORDER BY k.position
            """, [.text(table)]
        ).compactMap { if case let .text(name) = $0[0] { name } else { nil } }
        if !key.isEmpty { keys[table] = key }
        return key
    }

    private func run(_ sql: String, _ arguments: [LedgerValue]) throws(PostgresLedgerError) -> PostgresQueryResult {
        let numbered = PostgresPlaceholders.numbered(sql)
        guard numbered.count == arguments.count else {
            throw .statement(
                server: connector.configuration.server, sqlState: "",
                message: "the statement has \(numbered.count) placeholders and was given \(arguments.count) values",
                sql: sql)
        }
        let query = PostgresQuery(unsafeSQL: numbered.sql, binds: PostgresBindings(ledger: arguments))
        // The server ends a statement after statement_timeout; a connection that goes silent (a server gone, a
        // connection cut without a reset) is given up on a little later, so no call waits forever.
        let limit = connector.configuration.statementTimeout + Self.answerMargin
        let answer = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        let timer = connection.eventLoop.scheduleTask(in: .nanoseconds(Int64(limit * 1e9))) {
            answer.fail(NoAnswer())
        }
        connection.query(query, logger: connector.logger).whenComplete { result in
            timer.cancel()
            answer.completeWith(result)
        }
        do {
            return try answer.futureResult.wait()
        } catch is NoAnswer {
            throw .connectionLost(
                server: connector.configuration.server, reason: "no answer within \(Int(limit.rounded())) s")
        } catch {
            throw connector.failure(error, sql: sql)
        }
    }

    /// How long past statement_timeout a statement may go without an answer before its connection is given up.
    static let answerMargin: Double = 5
}

/// The server did not answer a statement in time.
private struct NoAnswer: Error {}

/// The primary keys a store has read from the catalog. A table's key does not change once the table exists; a table
/// without one (or not there yet) is asked again.
final class PrimaryKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: [String]] = [:]

    subscript(table: String) -> [String]? {
        get { lock.withLock { keys[table] } }
        set { lock.withLock { keys[table] = newValue } }
    }
}
