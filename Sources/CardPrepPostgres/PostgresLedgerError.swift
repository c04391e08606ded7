import CardPrepCore

/// Failures of a PostgreSQL ledger: its configuration, the connection, and the statements run on it. Each message
/// names the server (`host:port/database`) and what to do.
public enum PostgresLedgerError: Error, CustomStringConvertible, Equatable {
    /// The ledger's URL or block is wrong; `place` is where it was given (a file and key, or "the URL").
    case invalidConfiguration(place: String, reason: String)
    /// The password file cannot be used.
    case passwordFile(path: String, reason: String)
    /// No server answered within the connect deadline, or the connection was refused.
    case unreachable(server: String, seconds: Double, reason: String)
    /// The server refused the role's password (or knows no such role).
    case authenticationFailed(server: String, user: String)
    /// The server has no such database.
    case databaseMissing(host: String, port: Int, database: String, user: String)
    /// TLS could not be set up or the server's certificate was not accepted.
    case tls(server: String, reason: String)
    /// The connection ended while a transaction was open: nothing of that transaction was committed.
    case connectionLost(server: String, reason: String)
    /// A statement waited longer than `lock_timeout` for a lock (another host's write, usually).
    case lockTimeout(server: String, seconds: Double)
    /// A statement ran longer than `statement_timeout`.
    case statementTimeout(server: String, seconds: Double)
    /// The server refused a statement; `sqlState` is PostgreSQL's error code.
    case statement(server: String, sqlState: String, message: String, sql: String)
    /// A query returned a column of a type the ledger does not keep (cast it in SQL: `CAST(x AS double precision)`).
    case unsupportedColumnType(column: String, type: String)
    /// The database holds tables but no CardPrep ledger; CardPrep does not write into it.
    case notALedger(server: String, tables: [String])
    /// The ledger's schema is newer than this CardPrep knows.
    case schemaTooNew(server: String, version: Int, known: Int)

    public var description: String {
        switch self {
        case let .invalidConfiguration(place, reason):
            "\(place): \(reason)"
        case let .passwordFile(path, reason):
            "ledger password file \(path): \(reason)"
        case let .unreachable(server, seconds, reason):
            "cannot reach the ledger's PostgreSQL server \(server) within \(Self.seconds(seconds)) (\(reason)); "
                + "check that the server runs and that this host may connect to it, or raise connect_timeout"
        case let .authenticationFailed(server, user):
            "the PostgreSQL server \(server) refused the password of role \(user); check the ledger's password file "
                + "and the role (ALTER ROLE \(user) PASSWORD …)"
        case let .databaseMissing(host, port, database, user):
            "the PostgreSQL server \(host):\(port) has no database \(database) for the ledger; create it (as a role "
                + "that may): createdb -h \(host) -p \(port) -O \(user) \(database)"
        case let .tls(server, reason):
            "TLS to the ledger's PostgreSQL server \(server) failed: \(reason); check tls and ca_file"
        case let .connectionLost(server, reason):
            "the connection to the ledger's PostgreSQL server \(server) was lost (\(reason)); nothing of the step "
                + "was recorded: run the command again once the server is back"
        case let .lockTimeout(server, seconds):
            "the ledger \(server) stayed locked longer than lock_timeout (\(Self.seconds(seconds))): another host is "
                + "writing to it; nothing was recorded: run the command again, or raise lock_timeout"
        case let .statementTimeout(server, seconds):
            "a statement on the ledger \(server) ran longer than statement_timeout (\(Self.seconds(seconds))); nothing "
                + "was recorded: run the command again, or raise statement_timeout"
        case let .statement(server, sqlState, message, sql):
            "the ledger \(server) refused a statement (SQLSTATE \(sqlState): \(message)): \(sql.prefix(200))"
        case let .unsupportedColumnType(column, type):
            "ledger query column \(column) is of type \(type), which the ledger does not keep; cast it in the query "
                + "(CAST(\(column) AS double precision), AS bigint or AS text)"
        case let .notALedger(server, tables):
            "the database \(server) is not empty and holds no CardPrep ledger (tables \(tables.prefix(5).joined(separator: ", "))"
                + "\(tables.count > 5 ? ", …" : "")); name an empty database for the ledger"
        case let .schemaTooNew(server, version, known):
            "the ledger \(server) has schema version \(version); this CardPrep knows up to \(known): update CardPrep"
        }
    }

    /// The exit code this failure ends a command with: a wrong configuration is a usage error, a ledger held by
    /// another host too long is `locked`, anything else a failure.
    public var exitCode: CardPrepExitCode {
        switch self {
        case .invalidConfiguration, .passwordFile: .usage
        case .lockTimeout: .locked
        default: .failure
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
