import Foundation
import Logging
import PostgresNIO

/// Opens connections to the ledger's server with a deadline of its own, and turns PostgresNIO's errors into the
/// ledger's.
///
/// PostgresNIO's connect timeout does not bound a host that never answers, so the connection attempt is raced
/// against a timer on the event loop; the calling thread blocks on the result (never an event loop thread).
struct PostgresConnector: Sendable {
    let configuration: PostgresLedgerConfiguration
    let logger: Logger
    private let eventLoopGroup: any EventLoopGroup = PostgresConnection.defaultEventLoopGroup

    init(configuration: PostgresLedgerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// A new connection, authenticated, with the session's `statement_timeout` and `lock_timeout` set.
    /// - Throws: `PostgresLedgerError` (unreachable, authentication, database missing, TLS).
    func connect(id: Int) throws(PostgresLedgerError) -> PostgresConnection {
        let eventLoop = eventLoopGroup.next()
        let connectionConfiguration = try makeConnectionConfiguration()
        let promise = eventLoop.makePromise(of: PostgresConnection.self)
        let deadline = eventLoop.scheduleTask(in: .nanoseconds(Int64(configuration.connectTimeout * 1e9))) {
            promise.fail(ConnectDeadlinePassed())
        }
        let attempt = PostgresConnection.connect(
            on: eventLoop, configuration: connectionConfiguration, id: id, logger: logger)
        attempt.whenComplete { result in
            deadline.cancel()
            switch result {
            case let .success(connection):
                promise.futureResult.whenFailure { _ in connection.closeQuietly() }
                promise.succeed(connection)
            case let .failure(error):
                promise.fail(error)
            }
        }
        do {
            return try promise.futureResult.wait()
        } catch {
            throw connectFailure(error)
        }
    }

    private func makeConnectionConfiguration() throws(PostgresLedgerError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch configuration.tls {
            case .disable:
                tls = .disable
            case .require:
                var client = TLSConfiguration.makeClientConfiguration()
                client.certificateVerification = .none
                tls = .require(try NIOSSLContext(configuration: client))
            case .verifyFull:
                var client = TLSConfiguration.makeClientConfiguration()
                client.certificateVerification = .fullVerification
                if let caFile = configuration.caFile { client.trustRoots = .file(caFile) }
                tls = .require(try NIOSSLContext(configuration: client))
            }
        } catch {
            throw .tls(server: configuration.server, reason: "\(error)")
        }
        var result = PostgresConnection.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.user,
            password: configuration.password, database: configuration.database, tls: tls)
        result.options.connectTimeout = .nanoseconds(Int64(configuration.connectTimeout * 1e9))
        result.options.additionalStartupParameters = [
            ("application_name", "cardprep"),
            ("statement_timeout", "\(Int((configuration.statementTimeout * 1000).rounded()))"),
            ("lock_timeout", "\(Int((configuration.lockTimeout * 1000).rounded()))"),
        ]
        return result
    }

    /// The ledger's error for a failed connection attempt.
    func connectFailure(_ error: any Error) -> PostgresLedgerError {
        let server = configuration.server
        if error is ConnectDeadlinePassed {
            return .unreachable(server: server, seconds: configuration.connectTimeout, reason: "no answer")
        }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                switch state {
                case "28P01", "28000":
                    return .authenticationFailed(server: server, user: configuration.user)
                case "3D000":
                    return .databaseMissing(
                        host: configuration.host, port: configuration.port, database: configuration.database,
                        user: configuration.user)
                default:
                    return failure(error, sql: "(connecting)")
                }
            case .sslUnsupported:
                return .tls(server: server, reason: "the server does not offer TLS")
            case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
                return .tls(server: server, reason: "\(error.underlying.map { "\($0)" } ?? "\(error.code)")")
            case .connectionError:
                let reason = error.underlying.map { "\($0)" } ?? "connection error"
                if reason.lowercased().contains("certificate") || reason.contains("SSL") || reason.contains("TLS") {
                    return .tls(server: server, reason: reason)
                }
                return .unreachable(server: server, seconds: configuration.connectTimeout, reason: reason)
            default:
                return .unreachable(server: server, seconds: configuration.connectTimeout, reason: "\(error.code)")
            }
        }
        if let error = error as? NIOSSLError {
            return .tls(server: server, reason: "\(error)")
        }
        return .unreachable(server: server, seconds: configuration.connectTimeout, reason: "\(error)")
    }

    /// The ledger's error for a failed statement.
    func failure(_ error: any Error, sql: String) -> PostgresLedgerError {
        let server = configuration.server
        if let error = error as? PostgresLedgerError { return error }
        guard let error = error as? PSQLError else {
            return .connectionLost(server: server, reason: "\(error)")
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?????"
            let message = error.serverInfo?[.message] ?? "no message"
            switch state {
            case "55P03": return .lockTimeout(server: server, seconds: configuration.lockTimeout)
            case "57014" where message.contains("statement timeout"):
                return .statementTimeout(server: server, seconds: configuration.statementTimeout)
            case "57P01", "57P02", "57P03":
                return .connectionLost(server: server, reason: message)
            default:
                return .statement(server: server, sqlState: state, message: message, sql: sql)
            }
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return .connectionLost(server: server, reason: error.underlying.map { "\($0)" } ?? "\(error.code)")
        default:
            return .statement(server: server, sqlState: "", message: "\(error.code)", sql: sql)
        }
    }
}

/// The connect deadline passed before the server let CardPrep in.
private struct ConnectDeadlinePassed: Error {}

extension PostgresConnection {
    /// Closes the connection without waiting for it (a connection given up on); it is kept until it is closed.
    func closeQuietly() {
        let closed: EventLoopFuture<Void> = close()
        closed.whenComplete { _ in withExtendedLifetime(self) {} }
    }
}
