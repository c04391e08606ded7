import CardPrepLedger

/// The ledger's schema on PostgreSQL: numbered versions, each a list of statements, numbered as the SQLite
/// migrations they match. The versions applied are rows of the table `ledgerSchemaVersion`.
public enum PostgresLedgerSchema {
    /// The table that records which versions are applied.
    public static let versionTable = "ledgerSchemaVersion"

    /// One version of the schema.
    struct Version: Sendable {
        let number: Int
        let name: String
        let statements: [String]
    }

    /// Every version, in order.
    static let versions: [Version] = [
        Version(number: 25, name: "v25: the ledger's tables as SQLite's migrations v1 to v25 leave them", statements: version25),
        Version(number: 26, name: "v26: remakes of archived drops and where each stands", statements: version26),
        Version(number: 27, name: "v27: card fingerprints by set, for checkpoints that digest only the sets added", statements: version27),
        Version(number: 28, name: "v28: drop claims with leases and fencing tokens", statements: version28),
    ]

    /// The tables of versions the SQLite ledger's migrations do not have yet.
    public static let tablesNotYetInSQLite: Set<String> = ["dropClaim", "dropClaimToken"]

    /// v26: remakes of archived drops (`archivedRemake`), as SQLite's v26.
    static let version26: [String] = [
        #"""
        CREATE TABLE "archivedRemake" ("remakeJob" text NOT NULL, "remakeSequence" bigint NOT NULL,
            "dropID" text NOT NULL REFERENCES "drop" ("id"), "bundleID" text NOT NULL, "orderID" text NOT NULL,
            "spoiledSerial" text NOT NULL, "state" text NOT NULL, "remadeAt" text NOT NULL, "reportedSerial" text,
            "reportedAt" text, "reconciledAt" text, "supplementPath" text, "supplementSHA256" text,
            PRIMARY KEY ("remakeJob", "remakeSequence"))
        """#,
        #"CREATE INDEX "archivedRemake_on_dropID" ON "archivedRemake" ("dropID")"#,
    ]

    /// v27: card fingerprints by set, as SQLite's v27.
    static let version27: [String] = [
        #"CREATE INDEX "cardFingerprintBySet" ON "cardFingerprint" ("setID")"#,
        #"CREATE INDEX "cardFingerprintLaterBySet" ON "cardFingerprintLater" ("setID")"#,
    ]

    /// v28: a worker's claim on a drop's stage (`DropClaims`), and the counter its fencing tokens come from.
    static let version28: [String] = [
        #"""
        CREATE TABLE "dropClaim" ("dropID" text NOT NULL, "stage" text NOT NULL, "holderHost" text NOT NULL,
            "holderPID" bigint NOT NULL, "token" bigint NOT NULL, "leaseUntil" bigint NOT NULL,
            PRIMARY KEY ("dropID", "stage"))
        """#,
        #"CREATE TABLE "dropClaimToken" ("id" bigint PRIMARY KEY, "last" bigint NOT NULL)"#,
        #"INSERT INTO "dropClaimToken" ("id", "last") VALUES (1, 0)"#,
    ]

    /// The newest version this CardPrep knows.
    public static var latest: Int { versions.last!.number }
}

extension PostgresLedgerStore {
    /// Creates the ledger's tables in an empty database, or brings an older ledger's up to date, in one transaction
    /// under the ledger's write lock, so hosts starting together create them once.
    /// - Returns: the schema version the ledger is at.
    /// - Throws: `PostgresLedgerError.notALedger` when the database holds other tables and no ledger;
    ///   `.schemaTooNew` when the ledger's version is newer than this CardPrep knows; connection failures.
    @discardableResult
    public func prepareLedgerSchema() throws -> Int {
        let server = configuration.server
        return try write { transaction in
            let table = PostgresLedgerSchema.versionTable
            if try transaction.columns(of: table).isEmpty {
                let tables = try transaction.rows(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", []
                ).compactMap { if case let .text(name) = $0[0] { name } else { nil } }
                guard tables.isEmpty else { throw PostgresLedgerError.notALedger(server: server, tables: tables) }
                try transaction.execute(
                    #"CREATE TABLE "\#(table)" ("version" bigint PRIMARY KEY, "name" text NOT NULL, "appliedAt" text NOT NULL)"#,
                    [])
            }
            var current = 0
            if let row = try transaction.row(#"SELECT max("version") FROM "\#(table)""#, []), case let .integer(version) = row[0]
            {
                current = Int(version)
            }
            guard current <= PostgresLedgerSchema.latest else {
                throw PostgresLedgerError.schemaTooNew(server: server, version: current, known: PostgresLedgerSchema.latest)
            }
            for version in PostgresLedgerSchema.versions where version.number > current {
                for statement in version.statements { try transaction.execute(statement, []) }
                try transaction.execute(
                    #"""
                    INSERT INTO "\#(table)" ("version", "name", "appliedAt")
                    VALUES (?, ?, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'))
                    """#, [.integer(Int64(version.number)), .text(version.name)])
                current = version.number
            }
            return current
        }
    }

    /// The schema version the ledger is at, or nil when the database holds no ledger yet.
    public func ledgerSchemaVersion() throws -> Int? {
        try read { transaction in
            guard try !transaction.columns(of: PostgresLedgerSchema.versionTable).isEmpty else { return nil }
            guard let row = try transaction.row(#"SELECT max("version") FROM "\#(PostgresLedgerSchema.versionTable)""#, []),
                case let .integer(version) = row[0]
            else { return nil }
            return Int(version)
        }
    }
}
