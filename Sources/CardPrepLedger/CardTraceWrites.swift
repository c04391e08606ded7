import CardPrepCore
import Crypto
import Foundation
import GRDB

/// How the card trace's rows are written (see `CardTraceSchema`): on a SQLite ledger through one prepared statement
/// bound value by value, elsewhere in shared SQL, several rows to a statement; each drop's set is then pending until
/// `mergeTrace` adds its rows to the lookups.
extension Ledger {
    /// Trace rows bound to one statement in shared SQL (ten values each).
    static let traceRowsPerStatement = 500
    /// Production lines bound to one statement (eleven values each).
    static let productionRowsPerStatement = 80

    /// Inserts the trace rows `traces` calls its argument with, in the caller's transaction. On a SQLite ledger's own
    /// transaction through one prepared statement bound value by value for every row (a card's row costs what SQLite's
    /// insert costs, nothing more); on any other, `traceRowsPerStatement` rows to an `INSERT`.
    /// - Returns: how many rows were inserted.
    static func insertTraces(
        _ traces: ((CardTraceRow) throws -> Void) throws -> Void, at time: Date, in transaction: any LedgerTransaction
    ) throws -> Int {
        if let db = transaction.sqliteConnection {
            let (count, sets) = try insertTraces(traces, at: time, in: db)
            try noteTracePending(sets, in: transaction)
            return count
        }
        var count = 0
        var sets: [String: Int64] = [:]
        func set(of dropID: String) throws -> Int64 {
            if let known = sets[dropID] { return known }
            let id = try generatedID(
                #"INSERT INTO "cardTraceSet" ("dropID", "recordedAt") VALUES (?, ?) RETURNING "id""#, [.text(dropID), .date(time)],
                in: transaction)
            sets[dropID] = id
            return id
        }
        var pending: [LedgerValue] = []
        pending.reserveCapacity(10 * traceRowsPerStatement)
        func flush() throws {
            let rows = pending.count / 10
            guard rows > 0 else { return }
            let values = Array(repeating: "(?,?,?,?,?,?,?,?,?,?)", count: rows).joined(separator: ",")
            try transaction.execute(
                """
                INSERT INTO "cardTrace" ("setID", "record", "fingerprint", "masked", "initials", "product", "branch", "job",
                                         "batch", "sequence")
                VALUES \(values)
                """, pending)
            pending.removeAll(keepingCapacity: true)
        }
        try traces { row in
            pending += [
                .integer(try set(of: row.dropID)), .int(row.record), .blob(row.fingerprint.bytes), .text(row.masked),
                .text(row.initials), .text(row.product), .text(row.branch), .text(row.job), .text(row.batch), .int(row.sequence),
            ]
            count += 1
            if pending.count == 10 * traceRowsPerStatement { try flush() }
        }
        try flush()
        try noteTracePending(Array(sets.values), in: transaction)
        return count
    }

    /// The SQLite path of `insertTraces`: one prepared statement, bound and stepped for every row.
    /// - Returns: how many rows were inserted, and the sets made for them.
    private static func insertTraces(_ traces: ((CardTraceRow) throws -> Void) throws -> Void, at time: Date, in db: Database) throws
        -> (Int, [Int64])
    {
        var count = 0
        var sets: [String: Int64] = [:]
        // The rows of one drop come together: the last drop's set is looked up without hashing its id.
        var last: (dropID: String, set: Int64)?
        func set(of dropID: String) throws -> Int64 {
            if let last, last.dropID == dropID { return last.set }
            if let known = sets[dropID] {
                last = (dropID, known)
                return known
            }
            try db.execute(sql: "INSERT INTO cardTraceSet (dropID, recordedAt) VALUES (?, ?)", arguments: [dropID, time])
            sets[dropID] = db.lastInsertedRowID
            last = (dropID, db.lastInsertedRowID)
            return db.lastInsertedRowID
        }
        let insert = try SQLiteRows("""
            INSERT INTO cardTrace (setID, record, fingerprint, masked, initials, product, branch, job, batch, sequence)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, in: db)
        try traces { row in
            try insert.bind(try set(of: row.dropID), at: 1)
            try insert.bind(Int64(row.record), at: 2)
            try insert.bind(row.fingerprint.bytes, at: 3)
            try insert.bind(row.masked, at: 4)
            try insert.bind(row.initials, at: 5)
            try insert.bind(row.product, at: 6)
            try insert.bind(row.branch, at: 7)
            try insert.bind(row.job, at: 8)
            try insert.bind(row.batch, at: 9)
            try insert.bind(Int64(row.sequence), at: 10)
            try insert.run()
            count += 1
        }
        return (count, Array(sets.values))
    }

    /// Keeps `reports` as the floor's reports of `dropID`, in the caller's transaction, unless they equal the last
    /// reports kept for the drop; `production.csv`'s lines go `productionRowsPerStatement` to an `INSERT`.
    /// - Returns: whether a new set was kept.
    static func keepFloorReports(_ reports: FloorReports, dropID: String, at time: Date, in transaction: any LedgerTransaction)
        throws -> Bool
    {
        let digest = reports.sha256
        let latest = try transaction.row(
            #"SELECT "sha256" FROM "floorReportSet" WHERE "dropID" = ? ORDER BY "id" DESC LIMIT 1"#, [.text(dropID)]
        )?.text("sha256")
        guard latest != digest else { return false }
        let setID = try generatedID(
            #"INSERT INTO "floorReportSet" ("dropID", "sha256", "recordedAt") VALUES (?, ?, ?) RETURNING "id""#,
            [.text(dropID), .text(digest), .date(time)], in: transaction)
        for file in reports.files {
            let sha256 = SHA256.hash(data: Array(file.text.utf8)).map { String(format: "%02x", $0) }.joined()
            try transaction.execute(
                #"INSERT INTO "floorReportFile" ("setID", "name", "sha256", "text") VALUES (?, ?, ?, ?)"#,
                [.integer(setID), .text(file.name), .text(sha256), .text(file.text)])
        }
        var pending: [LedgerValue] = []
        func flush() throws {
            let rows = pending.count / 11
            guard rows > 0 else { return }
            let values = Array(repeating: "(?,?,?,?,?,?,?,?,?,?,?)", count: rows).joined(separator: ",")
            try transaction.execute(
                """
                INSERT INTO "cardProduction" ("setID", "line", "job", "batch", "sequence", "serial", "status", "reason",
                                              "station", "operator", "time")
                VALUES \(values)
                """, pending)
            pending.removeAll(keepingCapacity: true)
        }
        for (index, line) in reports.production.enumerated() {
            pending += [
                .integer(setID), .int(index + 1), .text(line.job), .text(line.batch), .int(line.sequence), .text(line.serial),
                .raw(line.status), .text(line.reason), .text(line.station), .text(line.operator),
                .text(Timestamp.iso8601(line.time)),
            ]
            if pending.count == 11 * productionRowsPerStatement { try flush() }
        }
        try flush()
        return true
    }

    /// Runs an `INSERT … RETURNING` of a generated integer key and returns the key.
    private static func generatedID(_ sql: String, _ arguments: [LedgerValue], in transaction: any LedgerTransaction) throws
        -> Int64
    {
        guard let id = try transaction.integer(sql, arguments) else {
            throw LedgerColumnMismatch(column: "id", expected: "a generated integer key", found: .null)
        }
        return id
    }
}
