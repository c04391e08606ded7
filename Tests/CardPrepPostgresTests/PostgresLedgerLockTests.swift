import CardPrepLedger
import Foundation
import Testing

@testable import CardPrepPostgres

/// The ledger's write lock: every write waits for the other hosts' writes, except a write outside it (claims and
/// leases), which a long commit of another host does not hold up.
@Suite struct PostgresLedgerLockTests {
    @Test func aWriteOutsideTheLedgerLockGoesOnWhileAnotherHostCommitsALongWrite() throws {
        var configuration = try PostgresTestStores.newDatabase()
        let holder = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        try holder.write { transaction in
            try transaction.execute(#"CREATE TABLE "step" ("dropID" text PRIMARY KEY)"#, [])
            try transaction.execute(#"CREATE TABLE "lease" ("dropID" text PRIMARY KEY, "until" bigint NOT NULL)"#, [])
        }
        configuration.lockTimeout = 0.5
        let other = try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        try PostgresTestStores.whileAWriteIsOpen(
            on: holder, first: { try $0.execute(#"INSERT INTO "step" VALUES (?)"#, [.text("long commit")]) }
        ) {
            // A write of the ledger waits for the lock, and gives up after lock_timeout…
            #expect(throws: PostgresLedgerError.lockTimeout(server: configuration.server, seconds: 0.5)) {
                try other.write { try $0.execute(#"INSERT INTO "lease" VALUES (?, ?)"#, [.text("D-1"), .integer(1)]) }
            }
            // …while a write outside it is committed at once.
            let started = Date()
            try other.writeOutsideLedgerLock {
                try $0.execute(#"INSERT INTO "lease" VALUES (?, ?)"#, [.text("D-1"), .integer(2)])
            }
            #expect(Date().timeIntervalSince(started) < 0.4)
            let rows = try other.read { try $0.rows(#"SELECT "until" FROM "lease""#, []) }
            #expect(rows.map { $0["until"] } == [.integer(2)])
        }
    }
}
