import Foundation

/// Where a PostgreSQL ledger is and how to reach it: server, database, role, password, TLS and the session's limits.
///
/// Written as a URL, `postgres://user@host:port/database?sslmode=disable|require|verify-full&connect_timeout=10`
/// (libpq's names), or as a block of keys (`host`, `port`, `database`, `user`, `password_file`, `tls`, `ca_file`,
/// `connect_timeout`, `statement_timeout`, `lock_timeout`). The password comes from a file only its owner can read,
/// or from the URL; never from a command line of its own.
public struct PostgresLedgerConfiguration: Sendable, Equatable {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP (a server on this host, or a network the bureau trusts).
        case disable
        /// TLS, without checking the server's certificate.
        case require
        /// TLS, with the server's certificate checked against the CA (`ca_file`, or the system's) and its name.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The database that holds the ledger.
    public var database: String
    /// The role CardPrep logs in as.
    public var user: String
    /// The role's password, if the server asks for one.
    public var password: String?
    /// How the connection is protected.
    public var tls: TLSMode
    /// The CA certificates (PEM) that `verify-full` checks the server's certificate against; the system's when nil.
    public var caFile: String?
    /// How long to wait for the server to answer and let CardPrep in, in seconds.
    public var connectTimeout: Double
    /// The longest one statement may run (PostgreSQL's `statement_timeout`), in seconds.
    public var statementTimeout: Double
    /// The longest a statement may wait for a lock, the ledger's write lock included (`lock_timeout`), in seconds.
    public var lockTimeout: Double

    /// Creates a configuration; the timeouts default to 10 s to connect, 30 s per statement and 10 s per lock wait.
    public init(
        host: String, port: Int = 5432, database: String, user: String, password: String? = nil,
        tls: TLSMode = .verifyFull, caFile: String? = nil, connectTimeout: Double = 10, statementTimeout: Double = 30,
        lockTimeout: Double = 10
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.tls = tls
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.statementTimeout = statementTimeout
        self.lockTimeout = lockTimeout
    }

    /// The ledger as people name it: its URL without the password.
    public var location: String {
        var url = "postgres://\(Self.percentEncoded(user))@\(host.contains(":") ? "[\(host)]" : host):\(port)/"
        url += Self.percentEncoded(database) + "?sslmode=\(tls.rawValue)"
        return url
    }

    /// `host:port/database`, for messages.
    public var server: String { "\(host):\(port)/\(database)" }

    private static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
