import CardPrepCore
import Crypto
import Foundation
import GRDB

/// Brings a ledger from before the drop lifecycle to typed states: adds the state columns, the transition and job
/// file tables, and gives every drop the state its completed steps put it in, so that a drop mid-way finishes.
enum LifecycleMigration {
    static func migrate(_ db: Database) throws {
        try db.alter(table: "drop") { t in
            t.add(column: "stateSince", .datetime)
            t.add(column: "failedStage", .text)
            t.add(column: "failedError", .text)
            t.add(column: "failedFix", .text)
            t.add(column: "resumeState", .text)
        }
        try db.execute(sql: "UPDATE \"drop\" SET stateSince = registeredAt")
        try db.create(table: "dropTransition") { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("dropID", .text).notNull().indexed()
            t.column("action", .text)
            t.column("fromState", .text)
            t.column("toState", .text).notNull()
            t.column("at", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("host", .text).notNull()
            t.column("reason", .text).notNull()
        }
        try db.create(index: "dropByState", on: "drop", columns: ["state"])
        try db.create(table: "jobFile") { t in
            t.primaryKey("path", .text)
            t.column("dropID", .text).notNull().indexed()
            t.column("jobID", .text).notNull()
            t.column("machine", .text).notNull()
            t.column("sha256", .text).notNull()
            t.column("cards", .integer).notNull()
            t.column("issuedAt", .datetime).notNull()
            t.column("removedAt", .datetime)
            t.column("removedBecause", .text)
        }
        let now = Date()
        for row in try Row.fetchAll(db, sql: "SELECT id, state FROM \"drop\"") {
            let id: String = row["id"], old: String = row["state"]
            let state = try newState(of: id, old: old, in: db)
            try db.execute(sql: "UPDATE \"drop\" SET state = ? WHERE id = ?", arguments: [state.rawValue, id])
            try takeOver(id, state: state, was: old, at: now, in: db)
        }
        try registerQuarantined(at: now, in: db)
    }

    /// The lifecycle state of a drop recorded under the old states, from the steps it completed.
    private static func newState(of id: String, old: String, in db: Database) throws -> DropState {
        switch old {
        case "archived": return .archived
        case "rejected": return .rejected
        default: break
        }
        let stages = Set(try String.fetchAll(db, sql: "SELECT stage FROM step WHERE dropID = ?", arguments: [id]))
        if stages.contains("reconcile") {
            // The old ledger kept the finding count only in the step's summary, "<n> findings".
            let clean = try Bool.fetchOne(
                db, sql: "SELECT summary LIKE '0 findings%' FROM step WHERE dropID = ? AND stage = 'reconcile'", arguments: [id]) ?? false
            return clean ? .reconciled : .discrepancy
        }
        if stages.contains("transform") { return .jobsIssued }
        if stages.contains("validate") { return .validated }
        return .ingested
    }

    /// Drops quarantined under the old ledger had no drop record: each gets one in state `quarantined`.
    private static func registerQuarantined(at now: Date, in db: Database) throws {
        let rows = try Row.fetchAll(
            db, sql: "SELECT seq, customer, name, dropID, quarantinedAt, keptAt FROM quarantine WHERE released = 0")
        for row in rows {
            let keptAt: String = row["keptAt"]
            let id: String = row["dropID"] ?? SHA256.hash(data: Data(keptAt.utf8)).map { String(format: "%02x", $0) }.joined()
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"drop\" WHERE id = ?", arguments: [id]) == 0 else { continue }
            let at: Date = row["quarantinedAt"]
            try db.execute(
                sql: """
                    INSERT INTO "drop" (id, customer, name, state, registeredAt, originalsPath, workPath, sourcePath,
                                        dataKeyRecipient, cardFileCount, cardBytes, stateSince)
                    VALUES (?, ?, ?, 'quarantined', ?, ?, '', '', '', 0, 0, ?)
                    """,
                arguments: [id, row["customer"] as String, row["name"] as String, at, keptAt, at])
            try db.execute(sql: "UPDATE quarantine SET dropID = ? WHERE seq = ?", arguments: [id, row["seq"] as Int64])
            try takeOver(id, state: .quarantined, was: "quarantine", at: now, in: db)
        }
    }

    private static func takeOver(_ id: String, state: DropState, was old: String, at now: Date, in db: Database) throws {
        let reason = "state taken over from a ledger without the drop lifecycle (was \(old))"
        try db.execute(
            sql: "INSERT INTO dropTransition (dropID, action, fromState, toState, at, actor, host, reason) VALUES (?, NULL, NULL, ?, ?, 'system', '', ?)",
            arguments: [id, state.rawValue, now, reason])
        // The audit entry as every other is appended, through the migration's own transaction.
        try Ledger.append(
            AuditEvent(event: "drop.state", dropID: id, actor: "system", host: "",
                       details: ["from": "-", "to": state.rawValue, "reason": reason]),
            at: now, in: SQLiteLedgerTransaction(db: db))
    }
}
