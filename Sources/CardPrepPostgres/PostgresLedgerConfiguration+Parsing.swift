import Foundation

extension PostgresLedgerConfiguration {
    /// The keys a ledger block may hold.
    public static let blockKeys: Set<String> = [
        "host", "port", "database", "user", "password_file", "tls", "ca_file", "connect_timeout", "statement_timeout",
        "lock_timeout",
    ]

    /// The parameters a ledger URL may carry after `?`.
    public static let urlParameters: Set<String> = [
        "sslmode", "sslrootcert", "connect_timeout", "statement_timeout", "lock_timeout",
    ]

    /// Reads a ledger URL: `postgres://user[:password]@host[:port]/database[?sslmode=…&connect_timeout=…]`.
    ///
    /// `sslmode` is `disable`, `require` or `verify-full` (the default); `sslrootcert` names the CA file;
    /// `connect_timeout`, `statement_timeout` and `lock_timeout` are seconds.
    /// - Parameter place: where the URL was given, for messages (e.g. `nightly.yml:4: 'ledger'`).
    /// - Throws: `PostgresLedgerError.invalidConfiguration` naming what is wrong.
    public init(url text: String, place: String = "the ledger URL") throws(PostgresLedgerError) {
        func invalid(_ reason: String) -> PostgresLedgerError { .invalidConfiguration(place: place, reason: reason) }
        guard let components = URLComponents(string: text), let scheme = components.scheme else {
            throw invalid("not a URL; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the scheme is \(scheme):, not postgres:")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("the URL names no host") }
        guard let user = components.user, !user.isEmpty else {
            throw invalid("the URL names no user; write postgres://USER@\(host)/…")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else {
            throw invalid("the URL names no database; write postgres://\(user)@\(host)/DATABASE")
        }
        self.init(host: host, port: components.port ?? 5432, database: path, user: user, password: components.password)
        guard (1...65535).contains(port) else { throw invalid("port \(port) is not a TCP port") }
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode": tls = try Self.tlsMode(value, place: place, key: "sslmode")
            case "sslrootcert": caFile = value
            case "connect_timeout": connectTimeout = try Self.seconds(value, place: place, key: item.name)
            case "statement_timeout": statementTimeout = try Self.seconds(value, place: place, key: item.name)
            case "lock_timeout": lockTimeout = try Self.seconds(value, place: place, key: item.name)
            default:
                throw invalid(
                    "unknown URL parameter \(item.name); known: \(Self.urlParameters.sorted().joined(separator: ", "))")
            }
        }
    }

    /// Reads a ledger block: `host`, `database` and `user` are needed; `port` (5432), `password_file`, `tls`
    /// (`disable`, `require`, `verify-full`: the default), `ca_file` and the three timeouts (seconds) may be given.
    ///
    /// - Parameters:
    ///   - block: the block's keys and values, as written.
    ///   - relativeTo: the folder that relative paths (`password_file`, `ca_file`) start from.
    ///   - place: where the block was given, for messages.
    /// - Throws: `PostgresLedgerError.invalidConfiguration` for a missing or unknown key or a bad value;
    ///   `.passwordFile` when the password file is missing, readable by others or empty.
    public init(block: [String: String], relativeTo folder: String, place: String = "the ledger block")
        throws(PostgresLedgerError)
    {
        func invalid(_ reason: String) -> PostgresLedgerError { .invalidConfiguration(place: place, reason: reason) }
        if let unknown = block.keys.filter({ !Self.blockKeys.contains($0) }).sorted().first {
            throw invalid("unknown key \(unknown); known: \(Self.blockKeys.sorted().joined(separator: ", "))")
        }
        func required(_ key: String) throws(PostgresLedgerError) -> String {
            guard let value = block[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                throw invalid("the key \(key) is missing")
            }
            return value
        }
        func resolved(_ path: String) -> String { path.hasPrefix("/") ? path : folder + "/" + path }
        self.init(host: try required("host"), database: try required("database"), user: try required("user"))
        if let text = block["port"] {
            guard let number = Int(text), (1...65535).contains(number) else { throw invalid("port \(text) is not a TCP port") }
            port = number
        }
        if let text = block["tls"] { tls = try Self.tlsMode(text, place: place, key: "tls") }
        if let path = block["ca_file"] { caFile = resolved(path) }
        if let text = block["connect_timeout"] { connectTimeout = try Self.seconds(text, place: place, key: "connect_timeout") }
        if let text = block["statement_timeout"] {
            statementTimeout = try Self.seconds(text, place: place, key: "statement_timeout")
        }
        if let text = block["lock_timeout"] { lockTimeout = try Self.seconds(text, place: place, key: "lock_timeout") }
        if let path = block["password_file"] { password = try Self.password(fromFile: resolved(path)) }
    }

    /// Reads a password from a file that only its owner may read (mode 0600 or 0400); the first line is the password.
    /// - Throws: `PostgresLedgerError.passwordFile` when the file cannot be read, others may read it, or it is empty.
    public static func password(fromFile path: String) throws(PostgresLedgerError) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .passwordFile(path: path, reason: String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .passwordFile(path: path, reason: "not a regular file") }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .passwordFile(
                path: path,
                reason: "others may read it (mode \(String(mode, radix: 8))); make it the owner's only: chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .passwordFile(path: path, reason: "cannot be read as UTF-8 text")
        }
        let password =
            text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } ?? ""
        guard !password.isEmpty else { throw .passwordFile(path: path, reason: "its first line is empty") }
        return password
    }

    private static func tlsMode(_ text: String, place: String, key: String) throws(PostgresLedgerError) -> TLSMode {
        guard let mode = TLSMode(rawValue: text) else {
            throw .invalidConfiguration(
                place: place,
                reason: "\(key) is \(text); use one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return mode
    }

    private static func seconds(_ text: String, place: String, key: String) throws(PostgresLedgerError) -> Double {
        guard let value = Double(text), value > 0, value.isFinite else {
            throw .invalidConfiguration(place: place, reason: "\(key) is \(text); give a number of seconds above 0")
        }
        return value
    }
}
