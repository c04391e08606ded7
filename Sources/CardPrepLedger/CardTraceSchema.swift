import GRDB

/// The tables that keep every card traceable after its drop is archived, without its number.
///
/// - `cardTraceSet`: one row per drop whose cards transform placed (the drop's id is kept once, not on every card).
/// - `cardTrace`: one row per card placed in a job at transform: its drop's set, record, fingerprint (HMAC under the
///   bureau's fingerprint key), masked number, cardholder initials, product, branch, job, batch and position.
/// - `floorReportSet`: one row each time reconcile reads a drop's floor reports that differ from the last it kept.
/// - `floorReportFile`: the floor's report files of a set, as received (shipping, receipts, stock, destruction).
/// - `cardProduction`: the floor's `production.csv` of a set, one row per line: serial, status, station, operator.
enum CardTraceSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "cardTraceSet") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("dropID", .text).notNull().unique()
            t.column("recordedAt", .datetime).notNull()
        }
        try db.create(table: "cardTrace") { t in
            t.column("setID", .integer).notNull().references("cardTraceSet")
            t.column("record", .integer).notNull()
            t.column("fingerprint", .blob).notNull().check(sql: "length(fingerprint) = 32")
            t.column("masked", .text).notNull()
            t.column("initials", .text).notNull()
            t.column("product", .text).notNull()
            t.column("branch", .text).notNull()
            t.column("job", .text).notNull()
            t.column("batch", .text).notNull()
            t.column("sequence", .integer).notNull()
            t.uniqueKey(["setID", "job", "sequence"])
        }
        try db.create(index: "cardTraceByFingerprint", on: "cardTrace", columns: ["fingerprint"])
        try db.create(index: "cardTraceByMasked", on: "cardTrace", columns: ["masked", "initials"])
        try db.create(table: "floorReportSet") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("dropID", .text).notNull().indexed()
            t.column("sha256", .text).notNull()
            t.column("recordedAt", .datetime).notNull()
        }
        try db.create(table: "floorReportFile") { t in
            t.column("setID", .integer).notNull().references("floorReportSet")
            t.column("name", .text).notNull()
            t.column("sha256", .text).notNull()
            t.column("text", .text).notNull()
            t.primaryKey(["setID", "name"])
        }
        try db.create(table: "cardProduction") { t in
            t.column("setID", .integer).notNull().references("floorReportSet")
            t.column("line", .integer).notNull()
            t.column("job", .text).notNull()
            t.column("batch", .text).notNull()
            t.column("sequence", .integer).notNull()
            t.column("serial", .text).notNull().indexed()
            t.column("status", .text).notNull()
            t.column("reason", .text).notNull()
            t.column("station", .text).notNull()
            t.column("operator", .text).notNull()
            t.column("time", .text).notNull()
            t.primaryKey(["setID", "line"])
        }
        try db.create(index: "cardProductionByPosition", on: "cardProduction", columns: ["setID", "job", "sequence"])
    }
}
