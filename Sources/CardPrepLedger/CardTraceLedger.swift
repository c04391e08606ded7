import CardPrepCore
import Crypto
import Foundation
import GRDB

/// Every card's chain, kept so that it outlives the drop's working data: where transform put each card, and what the
/// floor reported about it (see `CardTraceSchema`). Queried by fingerprint, masked number and initials, drop or serial.
extension Ledger {
    /// Production lines bound to one statement (eleven values each).
    static let productionRowsPerStatement = 80

    /// Inserts the trace rows `traces` calls its argument with, in the caller's transaction, through one prepared
    /// statement bound value by value for every row (a card's row costs what SQLite's insert costs, nothing more).
    /// - Returns: how many rows were inserted.
    static func insertTraces(_ traces: ((CardTraceRow) throws -> Void) throws -> Void, at time: Date, in db: Database) throws -> Int {
        var count = 0
        var sets: [String: Int64] = [:]
        func set(of dropID: String) throws -> Int64 {
            if let known = sets[dropID] { return known }
            try db.execute(sql: "INSERT INTO cardTraceSet (dropID, recordedAt) VALUES (?, ?)", arguments: [dropID, time])
            sets[dropID] = db.lastInsertedRowID
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
        return count
    }

    /// Keeps `reports` as the floor's reports of `dropID`, in the caller's transaction, unless they equal the last
    /// reports kept for the drop.
    /// - Returns: whether a new set was kept.
    static func keepFloorReports(_ reports: FloorReports, dropID: String, at time: Date, in db: Database) throws -> Bool {
        let digest = reports.sha256
        let latest = try String.fetchOne(
            db, sql: "SELECT sha256 FROM floorReportSet WHERE dropID = ? ORDER BY id DESC LIMIT 1", arguments: [dropID])
        guard latest != digest else { return false }
        try db.execute(sql: "INSERT INTO floorReportSet (dropID, sha256, recordedAt) VALUES (?, ?, ?)", arguments: [dropID, digest, time])
        let setID = db.lastInsertedRowID
        for file in reports.files {
            let sha256 = SHA256.hash(data: Array(file.text.utf8)).map { String(format: "%02x", $0) }.joined()
            try db.execute(sql: "INSERT INTO floorReportFile (setID, name, sha256, text) VALUES (?, ?, ?, ?)",
                           arguments: [setID, file.name, sha256, file.text])
        }
        var pending: [DatabaseValue] = []
        func flush() throws {
            let rows = pending.count / 11
            guard rows > 0 else { return }
            let values = Array(repeating: "(?,?,?,?,?,?,?,?,?,?,?)", count: rows).joined(separator: ",")
            try db.cachedStatement(sql: """
                INSERT INTO cardProduction (setID, line, job, batch, sequence, serial, status, reason, station, operator, time)
                VALUES \(values)
                """).execute(arguments: StatementArguments(pending))
            pending.removeAll(keepingCapacity: true)
        }
        for (index, line) in reports.production.enumerated() {
            pending += [setID.databaseValue, (index + 1).databaseValue, line.job.databaseValue, line.batch.databaseValue,
                        line.sequence.databaseValue, line.serial.databaseValue, line.status.rawValue.databaseValue,
                        line.reason.databaseValue, line.station.databaseValue, line.operator.databaseValue,
                        Timestamp.iso8601(line.time).databaseValue]
            if pending.count == 11 * productionRowsPerStatement { try flush() }
        }
        try flush()
        return true
    }

    // MARK: Reading

    private static let traceColumns = """
        s."dropID" AS "dropID", t."record" AS "record", t."fingerprint" AS "fingerprint", t."masked" AS "masked",
        t."initials" AS "initials", t."product" AS "product", t."branch" AS "branch", t."job" AS "job", t."batch" AS "batch",
        t."sequence" AS "sequence"
        """

    private static func traceRow(_ row: LedgerRow) throws -> CardTraceRow {
        guard case let .blob(bytes) = row["fingerprint"], let fingerprint = CardFingerprint(bytes: bytes) else {
            throw LedgerColumnMismatch(column: "fingerprint", expected: "a card fingerprint of 32 bytes", found: row["fingerprint"])
        }
        return CardTraceRow(
            dropID: try row.requiredText("dropID"), record: try row.requiredInt("record"), fingerprint: fingerprint,
            masked: try row.requiredText("masked"), initials: try row.requiredText("initials"), product: try row.requiredText("product"),
            branch: try row.requiredText("branch"), job: try row.requiredText("job"), batch: try row.requiredText("batch"),
            sequence: try row.requiredInt("sequence"))
    }

    private func traces(_ operation: String, _ condition: String, _ arguments: [LedgerValue]) throws(LedgerError) -> [CardTraceRow] {
        try read(operation) { transaction in
            try transaction.rows("""
                SELECT \(Self.traceColumns) FROM "cardTrace" t JOIN "cardTraceSet" s ON s."id" = t."setID"
                WHERE \(condition) ORDER BY \(transaction.dialect.writtenOrder("t"))
                """, arguments)
                .map(Self.traceRow)
        }
    }

    /// The cards whose number has `fingerprint`, in every drop.
    public func cardTraces(fingerprint: CardFingerprint) throws(LedgerError) -> [CardTraceRow] {
        try traces("trace cards by fingerprint", #"t."fingerprint" = ?"#, [.blob(Array(fingerprint.bytes))])
    }

    /// The cards with this masked number and cardholder initials, in every drop.
    public func cardTraces(masked: String, initials: String) throws(LedgerError) -> [CardTraceRow] {
        try traces("trace cards by masked number", #"t."masked" = ? AND t."initials" = ?"#, [.text(masked), .text(initials)])
    }

    /// Every card of a drop, in the order transform placed them.
    public func cardTraces(dropID: String) throws(LedgerError) -> [CardTraceRow] {
        try traces("trace the cards of a drop", #"s."dropID" = ?"#, [.text(dropID)])
    }

    /// The card at `sequence` of `job` in a drop, if transform placed one there.
    public func cardTraces(dropID: String, job: String, sequence: Int) throws(LedgerError) -> [CardTraceRow] {
        try traces(
            "trace a card by position", #"s."dropID" = ? AND t."job" = ? AND t."sequence" = ?"#, [.text(dropID), .text(job), .int(sequence)])
    }

    private static func productionRow(_ row: LedgerRow) throws -> CardProductionRow {
        guard let status = ProductionResult.Status(rawValue: try row.requiredText("status")),
              let time = try? Date(try row.requiredText("time"), strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        else {
            throw LedgerColumnMismatch(column: "status, time", expected: "a production status and an ISO 8601 time", found: row["time"])
        }
        return CardProductionRow(
            dropID: try row.requiredText("dropID"), line: try row.requiredInt("line"),
            result: ProductionResult(
                job: try row.requiredText("job"), batch: try row.requiredText("batch"), sequence: try row.requiredInt("sequence"),
                serial: try row.requiredText("serial"), status: status, reason: try row.requiredText("reason"),
                station: try row.requiredText("station"), operator: try row.requiredText("operator"), time: time))
    }

    /// Production lines of the floor's latest reports of each drop, picked by `condition` on `p` (cardProduction).
    private func production(_ operation: String, _ condition: String, _ arguments: [LedgerValue]) throws(LedgerError)
        -> [CardProductionRow]
    {
        try read(operation) { transaction in
            try transaction.rows("""
                SELECT s."dropID" AS "dropID", p."line" AS "line", p."job" AS "job", p."batch" AS "batch", p."sequence" AS "sequence",
                       p."serial" AS "serial", p."status" AS "status", p."reason" AS "reason", p."station" AS "station",
                       p."operator" AS "operator", p."time" AS "time"
                FROM "cardProduction" p JOIN "floorReportSet" s ON s."id" = p."setID"
                WHERE \(condition) AND s."id" = (SELECT MAX(l."id") FROM "floorReportSet" l WHERE l."dropID" = s."dropID")
                ORDER BY s."id", p."line"
                """, arguments).map(Self.productionRow)
        }
    }

    /// The production lines that name `serial`, from the latest floor reports of each drop.
    public func productionLines(serial: String) throws(LedgerError) -> [CardProductionRow] {
        try production("trace a serial", #"p."serial" = ?"#, [.text(serial)])
    }

    /// Every production line of a drop's latest floor reports, in file order.
    public func productionLines(dropID: String) throws(LedgerError) -> [CardProductionRow] {
        try production("read a drop's production lines", #"s."dropID" = ?"#, [.text(dropID)])
    }

    /// The production lines of one position of a job, from the drop's latest floor reports (a spoiled card and its
    /// remake share a position).
    public func productionLines(dropID: String, job: String, sequence: Int) throws(LedgerError) -> [CardProductionRow] {
        try production(
            "read a card's production lines", #"s."dropID" = ? AND p."job" = ? AND p."sequence" = ?"#,
            [.text(dropID), .text(job), .int(sequence)])
    }

    /// The floor's latest reports of a drop as kept, without `production.csv` (see `productionLines`).
    public func floorReports(dropID: String) throws(LedgerError) -> KeptFloorReports? {
        try read("read a drop's floor reports") { transaction in
            guard let set = try transaction.row(
                #"SELECT "id", "sha256", "recordedAt" FROM "floorReportSet" WHERE "dropID" = ? ORDER BY "id" DESC LIMIT 1"#,
                [.text(dropID)])
            else { return nil }
            let files = try transaction.rows(
                #"SELECT "name", "text" FROM "floorReportFile" WHERE "setID" = ? ORDER BY "name""#, [set["id"]]
            ).map { FloorReports.File(name: try $0.requiredText("name"), text: try $0.requiredText("text")) }
            guard let recordedAt = LedgerDateText.date(try set.requiredText("recordedAt")) else {
                throw LedgerColumnMismatch(column: "recordedAt", expected: "a date", found: set["recordedAt"])
            }
            return KeptFloorReports(dropID: dropID, recordedAt: recordedAt, sha256: try set.requiredText("sha256"), files: files)
        }
    }
}
