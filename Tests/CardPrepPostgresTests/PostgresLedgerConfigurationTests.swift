import Foundation
import Testing

@testable import CardPrepPostgres

@Suite struct PostgresLedgerConfigurationTests {
    @Test func aURLGivesServerDatabaseRoleTLSAndTimeouts() throws {
        let configuration = try PostgresLedgerConfiguration(
            url: "postgres://cardprep:s%3Acret@db.bureau.example:6432/ledger?sslmode=require&connect_timeout=3&lock_timeout=2.5")
        #expect(configuration.host == "db.bureau.example")
        #expect(configuration.port == 6432)
        #expect(configuration.database == "ledger")
        #expect(configuration.user == "cardprep")
        #expect(configuration.password == "s:cret")
        #expect(configuration.tls == .require)
        #expect(configuration.connectTimeout == 3)
        #expect(configuration.lockTimeout == 2.5)
        #expect(configuration.statementTimeout == 30)
        #expect(configuration.location == "postgres://cardprep@db.bureau.example:6432/ledger?sslmode=require")
        #expect(!configuration.location.contains("cret"))
    }

    @Test func aURLWithoutPortOrSSLModeChecksTheServersCertificateOnPort5432() throws {
        let configuration = try PostgresLedgerConfiguration(url: "postgresql://ops@10.0.0.5/cardprep")
        #expect(configuration.port == 5432)
        #expect(configuration.tls == .verifyFull)
        #expect(configuration.password == nil)
        #expect(configuration.location == "postgres://ops@10.0.0.5:5432/cardprep?sslmode=verify-full")
    }

    @Test(arguments: [
        ("mysql://u@h/db", "the scheme is mysql:, not postgres:"),
        ("postgres://h/db", "the URL names no user; write postgres://USER@h/…"),
        ("postgres://u@h/", "the URL names no database; write postgres://u@h/DATABASE"),
        ("postgres://u@h/db?sslmode=prefer", "sslmode is prefer; use one of disable, require, verify-full"),
        ("postgres://u@h/db?connect_timeout=soon", "connect_timeout is soon; give a number of seconds above 0"),
        (
            "postgres://u@h/db?application_name=x",
            "unknown URL parameter application_name; known: connect_timeout, lock_timeout, sslmode, sslrootcert, statement_timeout"
        ),
    ])
    func aWrongURLSaysWhatIsWrongAndWhere(url: String, reason: String) {
        #expect(throws: PostgresLedgerError.invalidConfiguration(place: "nightly.yml:3: 'ledger'", reason: reason)) {
            try PostgresLedgerConfiguration(url: url, place: "nightly.yml:3: 'ledger'")
        }
    }

    @Test func aBlockReadsThePasswordFromAFileOnlyItsOwnerReads() throws {
        let folder = try temporaryFolder()
        try "p4ss word\nignored\n".write(toFile: folder + "/ledger.password", atomically: true, encoding: .utf8)
        chmod(folder + "/ledger.password", 0o600)
        let configuration = try PostgresLedgerConfiguration(
            block: [
                "host": "db1", "port": "5433", "database": "cardprep", "user": "cardprep", "password_file": "ledger.password",
                "tls": "verify-full", "ca_file": "ca.pem", "statement_timeout": "60", "lock_timeout": "5",
            ], relativeTo: folder)
        #expect(configuration.password == "p4ss word")
        #expect(configuration.port == 5433)
        #expect(configuration.caFile == folder + "/ca.pem")
        #expect(configuration.statementTimeout == 60)
        #expect(configuration.lockTimeout == 5)
        #expect(configuration.location == "postgres://cardprep@db1:5433/cardprep?sslmode=verify-full")

        chmod(folder + "/ledger.password", 0o644)
        #expect(
            throws: PostgresLedgerError.passwordFile(
                path: folder + "/ledger.password",
                reason: "others may read it (mode 644); make it the owner's only: chmod 600 \(folder)/ledger.password")
        ) {
            try PostgresLedgerConfiguration(
                block: ["host": "db1", "database": "d", "user": "u", "password_file": "ledger.password"], relativeTo: folder)
        }
        #expect(throws: PostgresLedgerError.passwordFile(path: folder + "/none", reason: "No such file or directory")) {
            try PostgresLedgerConfiguration(
                block: ["host": "db1", "database": "d", "user": "u", "password_file": "none"], relativeTo: folder)
        }
    }

    @Test func aBlockNamesAMissingOrUnknownKey() {
        #expect(
            throws: PostgresLedgerError.invalidConfiguration(place: "the ledger block", reason: "the key database is missing")
        ) {
            try PostgresLedgerConfiguration(block: ["host": "db1", "user": "u"], relativeTo: "/")
        }
        #expect(
            throws: PostgresLedgerError.invalidConfiguration(
                place: "the ledger block",
                reason:
                    "unknown key password; known: ca_file, connect_timeout, database, host, lock_timeout, password_file, port, statement_timeout, tls, user"
            )
        ) {
            try PostgresLedgerConfiguration(
                block: ["host": "db1", "user": "u", "database": "d", "password": "x"], relativeTo: "/")
        }
        #expect(
            throws: PostgresLedgerError.invalidConfiguration(place: "the ledger block", reason: "port 99999 is not a TCP port")
        ) {
            try PostgresLedgerConfiguration(
                block: ["host": "db1", "user": "u", "database": "d", "port": "99999"], relativeTo: "/")
        }
    }

    @Test(arguments: [
        ("SELECT ?, ?", "SELECT $1, $2", 2),
        (#"SELECT 'a?', "b?" FROM t WHERE x = ?"#, #"SELECT 'a?', "b?" FROM t WHERE x = $1"#, 1),
        ("SELECT 'it''s?', ? -- why?\n, ?", "SELECT 'it''s?', $1 -- why?\n, $2", 2),
        ("SELECT /* ? */ ?", "SELECT /* ? */ $1", 1),
        (#"SELECT "a""?", ?"#, #"SELECT "a""?", $1"#, 1),
        ("SELECT 1 - ?", "SELECT 1 - $1", 1),
    ])
    func placeholdersAreNumberedOutsideQuotesAndComments(sql: String, expected: String, count: Int) {
        let numbered = PostgresPlaceholders.numbered(sql)
        #expect(numbered.sql == expected)
        #expect(numbered.count == count)
    }
}

func temporaryFolder() throws -> String {
    let folder = NSTemporaryDirectory() + "cardprep-pg-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}
