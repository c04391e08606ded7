import CardPrepLedger
import Foundation
import LedgerStoreTestSupport
import Testing

@testable import CardPrepPostgres

/// Faults of the connection and the server, on a real server: each is a typed error naming the server and what to
/// do, and leaves nothing half-recorded.
@Suite struct PostgresFaultTests {
    @Test func aServerThatNeverAnswersFailsAtTheConnectDeadline() throws {
        // A socket that listens and never answers: the TCP connection is made, the server's greeting never comes.
        let silent = try SilentListener()
        let configuration = PostgresLedgerConfiguration(
            host: "127.0.0.1", port: silent.port, database: "cardprep", user: "cardprep", tls: .disable,
            connectTimeout: 1)
        let started = Date()
        #expect(
            throws: PostgresLedgerError.unreachable(server: "127.0.0.1:\(silent.port)/cardprep", seconds: 1, reason: "no answer")
        ) {
            try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aPortWithNoServerIsUnreachable() throws {
        let port = try SilentListener().port  // closed again at once: nothing listens there now
        let configuration = PostgresLedgerConfiguration(
            host: "127.0.0.1", port: port, database: "cardprep", user: "cardprep", tls: .disable, connectTimeout: 2)
        let error = #expect(throws: PostgresLedgerError.self) {
            try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        }
        guard case let .unreachable(server, _, reason)? = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(server == "127.0.0.1:\(port)/cardprep")
        #expect(reason.lowercased().contains("refused"))
        let message =
            "\(PostgresLedgerError.unreachable(server: "127.0.0.1:\(port)/cardprep", seconds: 2, reason: "connection refused"))"
        #expect(message.contains("127.0.0.1:\(port)/cardprep") && message.contains("raise connect_timeout"))
    }

    @Test func aWrongPasswordIsRefusedByName() throws {
        var configuration = try PostgresTestStores.newDatabase()
        configuration.password = "not-the-password"
        #expect(throws: PostgresLedgerError.authenticationFailed(server: configuration.server, user: configuration.user)) {
            try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        }
    }

    @Test func aMissingDatabaseSaysHowToCreateIt() throws {
        var configuration = try PostgresTestStores.newDatabase()
        configuration.database = "cardprep_missing_ledger"
        let expected = PostgresLedgerError.databaseMissing(
            host: configuration.host, port: configuration.port, database: "cardprep_missing_ledger", user: configuration.user)
        #expect(throws: expected) { try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger) }
        #expect(
            "\(expected)".hasSuffix(
                "createdb -h \(configuration.host) -p \(configuration.port) -O \(configuration.user) cardprep_missing_ledger"))
    }

    @Test func aConnectionDroppedMidTransactionRecordsNothingAndTheStoreGoesOn() throws {
        var configuration = try PostgresTestStores.newDatabase()
        configuration.statementTimeout = 2
        let store = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        try store.write { try $0.execute(#"CREATE TABLE "step" ("dropID" text PRIMARY KEY)"#, []) }
        let url = try PostgresTestServer.url(try PostgresTestServer.url.get(), database: configuration.database)
        let error = #expect(throws: PostgresLedgerError.self) {
            try store.write { transaction in
                try transaction.execute(#"INSERT INTO "step" VALUES (?)"#, [.text("D-1")])
                guard case let .integer(pid)? = try transaction.row("SELECT pg_backend_pid() AS pid", [])?["pid"] else {
                    throw DeliberateTestFailure()
                }
                // Another session ends this one, as a server restart or a failover does.
                #expect(try PostgresTestServer.psqlOutput(url, "SELECT pg_terminate_backend(\(pid))").hasPrefix("t"))
                try transaction.execute(#"INSERT INTO "step" VALUES (?)"#, [.text("D-2")])
            }
        }
        guard case let .connectionLost(server, _)? = error else {
            Issue.record("expected connectionLost, got \(String(describing: error))")
            return
        }
        #expect(server == configuration.server)
        #expect("\(error!)".contains("nothing of the step was recorded"))
        let rows = try store.read { try $0.rows(#"SELECT "dropID" FROM "step""#, []) }
        #expect(rows.isEmpty)
        try store.write { try $0.execute(#"INSERT INTO "step" VALUES (?)"#, [.text("D-1")]) }
        #expect(try store.read { try $0.rows(#"SELECT "dropID" FROM "step""#, []) }.count == 1)
    }

    @Test func aWriteThatWaitsLongerThanLockTimeoutFailsCleanly() throws {
        var configuration = try PostgresTestStores.newDatabase()
        let holder = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        try holder.write { try $0.execute(#"CREATE TABLE "step" ("dropID" text PRIMARY KEY)"#, []) }
        configuration.lockTimeout = 0.5
        let waiter = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        var waited = 0.0
        try PostgresTestStores.whileAWriteIsOpen(
            on: holder, first: { try $0.execute(#"INSERT INTO "step" VALUES (?)"#, [.text("held")]) }
        ) {
            let started = Date()
            #expect(throws: PostgresLedgerError.lockTimeout(server: configuration.server, seconds: 0.5)) {
                try waiter.write { try $0.execute(#"INSERT INTO "step" VALUES (?)"#, [.text("waited")]) }
            }
            waited = Date().timeIntervalSince(started)
        }
        #expect(waited >= 0.4 && waited < 5)
        #expect(PostgresLedgerError.lockTimeout(server: "s", seconds: 0.5).exitCode == .locked)
        let rows = try waiter.read { try $0.rows(#"SELECT "dropID" FROM "step""#, []) }
        #expect(rows.map { $0["dropID"] } == [.text("held")])
        try waiter.write { try $0.execute(#"INSERT INTO "step" VALUES (?)"#, [.text("later")]) }
    }

    @Test func aStatementLongerThanStatementTimeoutIsCancelled() throws {
        var configuration = try PostgresTestStores.newDatabase()
        configuration.statementTimeout = 0.5
        let store = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        #expect(throws: PostgresLedgerError.statementTimeout(server: configuration.server, seconds: 0.5)) {
            try store.read { try $0.execute("SELECT pg_sleep(3)", []) }
        }
        #expect(try store.read { try $0.row("SELECT 1 AS one", []) }?["one"] == .integer(1))
    }

    @Test func aColumnOfATypeTheLedgerDoesNotKeepMustBeCast() throws {
        let store = try PostgresTestStores.shared.get()
        #expect(throws: PostgresLedgerError.unsupportedColumnType(column: "n", type: "numeric")) {
            try store.read { try $0.row("SELECT 1.5::numeric AS n", []) }
        }
        #expect(try store.read { try $0.row("SELECT CAST(1.5::numeric AS double precision) AS n", []) }?["n"] == .real(1.5))
    }
}

/// A TCP socket on 127.0.0.1 that listens and never accepts; closed when released.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw DeliberateTestFailure()
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}

extension PostgresFaultTests {
    @Test func aKeptConnectionTheServerEndedIsReplacedBeforeTheNextTransaction() throws {
        let configuration = try PostgresTestStores.newDatabase()
        let store = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        let url = try PostgresTestServer.url(try PostgresTestServer.url.get(), database: configuration.database)
        #expect(try store.read { try $0.row("SELECT 1 AS one", []) }?["one"] == .integer(1))
        // The server ends every session of this database, as a restart does, while the store keeps its connection.
        _ = try PostgresTestServer.psqlOutput(
            url,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        #expect(try store.read { try $0.row("SELECT 2 AS two", []) }?["two"] == .integer(2))
    }
}
