import CardPrepCore
import Foundation

/// Every card's chain, kept so that it outlives the drop's working data: where transform put each card, and what the
/// floor reported about it (see `CardTraceSchema`). Queried by fingerprint, masked number and initials, drop or serial.
extension Ledger {
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

    /// Trace rows picked by `condition` on `t` (cardTrace) and `s` (its set): drop by drop as their cards were
    /// traced, each drop's job by job in the order of their positions (a job and position hold one card of a drop).
    private func traces(_ operation: String, _ condition: String, _ arguments: [LedgerValue]) throws(LedgerError) -> [CardTraceRow] {
        try read(operation) { transaction in
            try transaction.rows("""
                SELECT \(Self.traceColumns) FROM "cardTrace" t JOIN "cardTraceSet" s ON s."id" = t."setID"
                WHERE \(condition) ORDER BY s."id", t."job", t."sequence"
                """, arguments)
                .map(Self.traceRow)
        }
    }

    /// Trace rows found by key: through `lookup` (its columns `key` equal to `arguments`) for merged sets, and in
    /// `cardTrace` itself (the same columns) for the pending ones; drop by drop, job by job, position by position.
    private func traces(_ operation: String, lookup: String, key: [String], _ arguments: [LedgerValue]) throws(LedgerError)
        -> [CardTraceRow]
    {
        let inLookup = key.map { #"l."\#($0)" = ?"# }.joined(separator: " AND ")
        let inTable = key.map { #"t."\#($0)" = ?"# }.joined(separator: " AND ")
        return try read(operation) { transaction in
            try transaction.rows("""
                SELECT \(Self.traceColumns), s."id" AS "setOrder" FROM "\(lookup)" l
                JOIN "cardTrace" t ON t."rowid" = l."traceRow" JOIN "cardTraceSet" s ON s."id" = l."setID" WHERE \(inLookup)
                UNION ALL
                SELECT \(Self.traceColumns), s."id" FROM "cardTracePending" p JOIN "cardTrace" t ON t."setID" = p."setID"
                JOIN "cardTraceSet" s ON s."id" = p."setID" WHERE \(inTable)
                ORDER BY "setOrder", "job", "sequence"
                """, arguments + arguments)
                .map(Self.traceRow)
        }
    }

    /// The cards whose number has `fingerprint`, in every drop.
    public func cardTraces(fingerprint: CardFingerprint) throws(LedgerError) -> [CardTraceRow] {
        try traces(
            "trace cards by fingerprint", lookup: "cardTraceFingerprintLookup", key: ["fingerprint"], [.blob(Array(fingerprint.bytes))])
    }

    /// The cards with this masked number and cardholder initials, in every drop.
    public func cardTraces(masked: String, initials: String) throws(LedgerError) -> [CardTraceRow] {
        try traces(
            "trace cards by masked number", lookup: "cardTraceMaskedLookup", key: ["masked", "initials"], [.text(masked), .text(initials)])
    }

    /// Every card of a drop, job by job, in the order of their positions in the job.
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
