import Foundation
import GRDB

/// The claims tables on SQLite (migration v28), as PostgreSQL's schema version 28 has them: a worker's claim on a
/// drop's stage (`dropClaim`) and the counter its fencing tokens come from (`dropClaimToken`, one row).
///
/// Claims are operational state, not records: a lease is renewed every few seconds and a claim is deleted when its
/// stage is done, so audit checkpoints do not cover these tables (see `AuditedTables`). What a worker did under a
/// claim is recorded in the drop's transitions and audit entries, which they do cover.
enum DropClaimSchema {
    static func migrate(_ db: Database) throws {
        try db.create(table: "dropClaim") { t in
            t.column("dropID", .text).notNull()
            t.column("stage", .text).notNull()
            t.column("holderHost", .text).notNull()
            t.column("holderPID", .integer).notNull()
            t.column("token", .integer).notNull()
            t.column("leaseUntil", .integer).notNull()
            t.primaryKey(["dropID", "stage"])
        }
        try db.create(table: "dropClaimToken") { t in
            t.column("id", .integer).primaryKey()
            t.column("last", .integer).notNull()
        }
        try db.execute(sql: #"INSERT INTO "dropClaimToken" ("id", "last") VALUES (1, 0)"#)
    }
}
