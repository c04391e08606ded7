import CardPrepLedger
import Foundation

/// The error a check throws from inside a write to see it rolled back.
struct DeliberateFailure: Error {}

extension LedgerStoreConformance {
    /// A write commits when its body returns and leaves nothing when it throws.
    static let commitAndRollback = LedgerStoreConformance(name: "transactions commit and roll back") { store in
        let name = "transactions commit and roll back"
        let table = uniqueTable("commits")
        try ConformanceTypes.makeTable(table, in: store)
        let returned = try store.write { transaction in
            try transaction.execute(#"INSERT INTO "\#(table)" ("i") VALUES (?)"#, [.integer(1)])
            return "kept"
        }
        try expect(returned == "kept", name, "the write returned \(returned)")
        do {
            try store.write { transaction in
                try transaction.execute(#"INSERT INTO "\#(table)" ("i") VALUES (?)"#, [.integer(2)])
                try transaction.execute(#"UPDATE "\#(table)" SET "t" = ? WHERE "i" = ?"#, [.text("changed"), .integer(1)])
                throw DeliberateFailure()
            }
            throw ConformanceFailure(check: name, message: "a write whose body threw did not throw")
        } catch is DeliberateFailure {}
        let rows = try store.read { try $0.rows(#"SELECT "i", "t" FROM "\#(table)" ORDER BY "i""#, []) }
        try expect(rows.map(\.values) == [[.integer(1), .null]], name, "after a rollback the table holds \(rows.map(\.values))")
        do {
            try store.write { transaction in
                try transaction.execute(#"INSERT INTO "\#(table)" ("i") VALUES (?)"#, [.integer(3)])
                try transaction.execute(#"INSERT INTO "\#(table)" ("no such column") VALUES (?)"#, [.integer(4)])
            }
            throw ConformanceFailure(check: name, message: "a statement on a missing column did not throw")
        } catch is ConformanceFailure { throw ConformanceFailure(check: name, message: "a bad statement did not throw") } catch {}
        let after = try store.read { try $0.rows(#"SELECT "i" FROM "\#(table)""#, []) }
        try expect(after.count == 1, name, "a write that failed on its second statement kept its first")
        let again = try store.write { try $0.rows(#"SELECT "i" FROM "\#(table)""#, []) }
        try expect(again.count == 1, name, "the store is not usable after a failed write")
    }

    /// A read cannot change the ledger.
    static let readsAreReadOnly = LedgerStoreConformance(name: "reads are read-only") { store in
        let name = "reads are read-only"
        let table = uniqueTable("readonly")
        try ConformanceTypes.makeTable(table, in: store)
        var refused = false
        do {
            try store.read { try $0.execute(#"INSERT INTO "\#(table)" ("i") VALUES (?)"#, [.integer(1)]) }
        } catch { refused = true }
        try expect(refused, name, "a read inserted a row")
        let rows = try store.read { try $0.rows(#"SELECT "i" FROM "\#(table)""#, []) }
        try expect(rows.isEmpty, name, "a refused insert left \(rows.count) rows")
    }

    /// `forEachRow` hands every row over in order, and stops when its body throws.
    static let forEachRowStreams = LedgerStoreConformance(name: "forEachRow streams rows") { store in
        let name = "forEachRow streams rows"
        let table = uniqueTable("stream")
        try ConformanceTypes.makeTable(table, in: store)
        let count = 2_345
        try store.write { transaction in
            for number in 1...count {
                try transaction.execute(
                    #"INSERT INTO "\#(table)" ("i", "t") VALUES (?, ?)"#, [.integer(Int64(number)), .text("row \(number)")])
            }
        }
        var seen: [Int64] = []
        try store.read { transaction in
            try transaction.forEachRow(#"SELECT "i", "t" FROM "\#(table)" WHERE "i" > ? ORDER BY "i""#, [.integer(0)]) { row in
                guard case let .integer(number) = row["i"], row["t"] == .text("row \(number)") else {
                    throw ConformanceFailure(check: name, message: "row \(seen.count + 1) read as \(row.values.map(describe))")
                }
                seen.append(number)
            }
        }
        try expect(seen == Array(1...Int64(count)), name, "forEachRow gave \(seen.count) rows of \(count), or out of order")
        var handed = 0
        do {
            try store.read { transaction in
                try transaction.forEachRow(#"SELECT "i" FROM "\#(table)" ORDER BY "i""#, []) { _ in
                    handed += 1
                    if handed == 10 { throw DeliberateFailure() }
                }
            }
        } catch is DeliberateFailure {}
        try expect(handed == 10, name, "forEachRow went on after its body threw (\(handed) rows)")
        let first = try store.read { try $0.row(#"SELECT "i" FROM "\#(table)" ORDER BY "i""#, []) }
        try expect(first?["i"] == .integer(1), name, "row() gave \(describe(first?["i"] ?? .null))")
    }

    /// `columns(of:)` and `primaryKey(of:)` answer from the database's catalog, in table and key order.
    static let catalog = LedgerStoreConformance(name: "columns and primary keys") { store in
        let name = "columns and primary keys"
        let keyed = uniqueTable("keyed")
        let unkeyed = uniqueTable("unkeyed")
        let d = store.dialect
        try store.write { transaction in
            try transaction.execute(
                """
                CREATE TABLE "\(keyed)" ("zeta" \(ConformanceTypes.text(d)) NOT NULL, "dropID" \(ConformanceTypes.text(d)), \
                "alpha" \(ConformanceTypes.integer(d)) NOT NULL, PRIMARY KEY ("alpha", "zeta"))
                """, [])
            try transaction.execute(#"CREATE TABLE "\#(unkeyed)" ("only" \#(ConformanceTypes.text(d)))"#, [])
        }
        let (columns, key, noKey, missing) = try store.read { transaction in
            (
                try transaction.columns(of: keyed), try transaction.primaryKey(of: keyed),
                try transaction.primaryKey(of: unkeyed), try transaction.columns(of: uniqueTable("missing"))
            )
        }
        try expect(columns == ["zeta", "dropID", "alpha"], name, "columns(of:) gave \(columns)")
        try expect(key == ["alpha", "zeta"], name, "primaryKey(of:) gave \(key)")
        try expect(noKey.isEmpty || noKey == ["rowid"], name, "a table without a key has key \(noKey)")
        try expect(missing.isEmpty, name, "a missing table has columns \(missing)")
    }

    /// `INSERT … RETURNING` gives the key the database generated.
    static let generatedKeys = LedgerStoreConformance(name: "generated keys") { store in
        let name = "generated keys"
        let table = uniqueTable("keys")
        try ConformanceTypes.makeTable(table, in: store)
        let keys = try store.write { transaction in
            try (1...3).map { number in
                try transaction.row(#"INSERT INTO "\#(table)" ("i") VALUES (?) RETURNING "id""#, [.integer(Int64(number))])?["id"]
            }
        }
        try expect(keys == [.integer(1), .integer(2), .integer(3)], name, "RETURNING gave \(keys.map { describe($0 ?? .null) })")
    }

    /// Writers on several threads never interleave: each read-modify-write of a counter sees the one before it.
    static let concurrentWritersSerialised = LedgerStoreConformance(name: "concurrent writers serialised") { store in
        let name = "concurrent writers serialised"
        let table = uniqueTable("counter")
        try ConformanceTypes.makeTable(table, in: store)
        try store.write { try $0.execute(#"INSERT INTO "\#(table)" ("id", "i") VALUES (1, 0)"#, []) }
        let threads = 4
        let increments = 15
        let failures = ConcurrentFailures()
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    for _ in 0..<increments {
                        try store.write { transaction in
                            guard
                                case let .integer(value) = try transaction.row(
                                    #"SELECT "i" FROM "\#(table)" WHERE "id" = 1"#, [])?["i"] ?? .null
                            else {
                                throw ConformanceFailure(check: name, message: "the counter is gone")
                            }
                            usleep(1_000)
                            try transaction.execute(#"UPDATE "\#(table)" SET "i" = ? WHERE "id" = 1"#, [.integer(value + 1)])
                        }
                    }
                } catch { failures.add("\(error)") }
            }.start()
        }
        group.wait()
        if let failure = failures.first { throw ConformanceFailure(check: name, message: "a writer failed: \(failure)") }
        let total = try store.read { try $0.row(#"SELECT "i" FROM "\#(table)" WHERE "id" = 1"#, [])?["i"] }
        try expect(
            total == .integer(Int64(threads * increments)), name,
            "the counter is \(describe(total ?? .null)), not \(threads * increments): writes interleaved")
    }
}

/// Failures collected from several threads.
final class ConcurrentFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func add(_ failure: String) { lock.withLock { failures.append(failure) } }
    var first: String? { lock.withLock { failures.first } }
}
