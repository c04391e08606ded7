import CardPrepLedger
import Foundation
import GRDB
import LedgerStoreTestSupport
import Testing

@testable import CardPrepPostgres

/// The PostgreSQL schema is the SQLite ledger's, table for table and column for column.
@Suite struct PostgresLedgerSchemaTests {
    /// Each table of a fresh SQLite ledger, with its columns and primary key in order.
    static func sqliteTables() throws -> [String: (columns: [String], key: [String])] {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Ledger(path: folder + "/ledger.sqlite")
        let queue = try DatabaseQueue(path: folder + "/ledger.sqlite")
        return try queue.read { db in
            let names = try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'"
            )
            var tables: [String: (columns: [String], key: [String])] = [:]
            for name in names {
                let info = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [name])
                let columns = info.map { $0["name"] as String }
                let key = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map {
                    $0["name"] as String
                }
                tables[name] = (columns, key)
            }
            return tables
        }
    }

    @Test func anEmptyDatabaseGetsEveryTableAndColumnOfTheSQLiteLedger() throws {
        let store = try PostgresTestStores.newStore()
        #expect(try store.ledgerSchemaVersion() == nil)
        #expect(try store.prepareLedgerSchema() == PostgresLedgerSchema.latest)
        #expect(try store.ledgerSchemaVersion() == PostgresLedgerSchema.latest)
        let sqlite = try Self.sqliteTables()
        let postgres = try store.read { transaction in
            let names = try transaction.rows(
                "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema()", []
            ).compactMap { if case let .text(name) = $0["name"] { name } else { nil } }
            let compared = names.filter {
                $0 != PostgresLedgerSchema.versionTable && !PostgresLedgerSchema.tablesNotYetInSQLite.contains($0)
            }
            return try Dictionary(
                uniqueKeysWithValues: compared.map {
                    ($0, (columns: try transaction.columns(of: $0), key: try transaction.primaryKey(of: $0)))
                })
        }
        #expect(postgres.keys.sorted() == sqlite.keys.sorted())
        for (table, expected) in sqlite {
            // SQLite keeps every row's insertion order as its rowid; PostgreSQL has a `rowid` column for it where the
            // key is not one integer in sequence (the table digests' marks, see TableDigester).
            let columns = postgres[table]?.columns ?? []
            #expect(columns.filter { $0 != "rowid" } == expected.columns, "columns of \(table)")
            // Tables audit checkpoints do not cover (the claims) are not digested and need no order.
            let digested = AuditedTables.all.contains { $0.name == table }
            #expect(columns.contains("rowid") || expected.key.count == 1 || !digested, "\(table) keeps its rows' order")
            #expect(postgres[table]?.key == expected.key, "primary key of \(table)")
        }
    }

    @Test func hostsPreparingTogetherCreateTheSchemaOnceAndAgainIsANoOp() throws {
        let configuration = try PostgresTestStores.newDatabase()
        let hosts = try (0..<3).map { _ in
            try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        }
        let failures = ConcurrentFailureList()
        let group = DispatchGroup()
        for host in hosts {
            group.enter()
            Thread {
                defer { group.leave() }
                do { try host.prepareLedgerSchema() } catch { failures.add("\(error)") }
            }.start()
        }
        group.wait()
        #expect(failures.all.isEmpty)
        #expect(try hosts[0].prepareLedgerSchema() == PostgresLedgerSchema.latest)
        let versions = try hosts[1].read { try $0.rows(#"SELECT "version" FROM "ledgerSchemaVersion" ORDER BY "version""#, []) }
        #expect(versions.map { $0["version"] } == PostgresLedgerSchema.versions.map { .integer(Int64($0.number)) })
    }

    @Test func aDatabaseHoldingOtherTablesIsNotTakenForALedger() throws {
        let store = try PostgresTestStores.newStore()
        try store.write { try $0.execute(#"CREATE TABLE "invoices" ("id" bigint)"#, []) }
        #expect(throws: PostgresLedgerError.notALedger(server: store.configuration.server, tables: ["invoices"])) {
            try store.prepareLedgerSchema()
        }
        #expect(try store.read { try $0.columns(of: "drop") }.isEmpty)
    }

    @Test func ledgerRowsKeepTheirValuesAsSQLiteStoresThem() throws {
        let store = try PostgresTestStores.newStore()
        try store.prepareLedgerSchema()
        let fingerprint = [UInt8](repeating: 0xAB, count: 32)
        let generated = try store.write { transaction in
            try transaction.execute(
                #"INSERT INTO "quarantine" ("customer", "name", "reasonCode", "message", "quarantinedAt", "keptAt") VALUES (?, ?, ?, ?, ?, ?)"#,
                [
                    .text("cust-01"), .text("D1"), .text("manifest"), .text("Zoë's drop"), .text("2026-11-29 20:00:00.000"),
                    .text("q/1"),
                ])
            let set = try transaction.row(
                #"INSERT INTO "cardFingerprintSet" ("dropID", "recordedAt") VALUES (?, ?) RETURNING "id""#,
                [.text("D1"), .text("2026-11-29 20:00:00.000")])?["id"]
            try transaction.execute(
                #"INSERT INTO "cardFingerprint" ("fingerprint", "setID", "panSequence", "expiry") VALUES (?, ?, ?, ?)"#,
                [.blob(fingerprint), set ?? .null, .integer(1), .integer(2812)])
            return set
        }
        #expect(generated == .integer(1))
        let quarantined = try store.read { try $0.row(#"SELECT "seq", "released", "message" FROM "quarantine""#, []) }
        #expect(quarantined?.values == [.integer(1), .integer(0), .text("Zoë's drop")])
        let card = try store.read {
            try $0.row(#"SELECT "fingerprint", "expiry" FROM "cardFingerprint" WHERE "fingerprint" = ?"#, [.blob(fingerprint)])
        }
        #expect(card?.values == [.blob(fingerprint), .integer(2812)])
        #expect(throws: PostgresLedgerError.self) {
            try store.write {
                try $0.execute(#"INSERT INTO "cardFingerprint" ("fingerprint", "setID") VALUES (?, 1)"#, [.blob([1, 2, 3])])
            }
        }
    }
}
