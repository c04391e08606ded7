import CardPrepCore
import Foundation
import GRDB

/// How card fingerprints are stored: 32 raw bytes as the key of a table without row ids, pointing to the
/// set (one per validated drop) that says which drop and when. At tens of millions of cards this keeps the
/// table and its one index to some 40 bytes a card.
///
/// Since v22 each row also keeps the card's PAN sequence number (0…99, or 255 for a card without one) and expiry
/// (`YYMM` as a number, 0 for none); rows recorded before keep null there, an issue unknown. Further cards of a
/// number the table holds already (renewals and reissues) go to `cardFingerprintLater`, keyed by fingerprint, PAN
/// sequence number and expiry, so the first table keeps one row a number and its lookups stay one index probe.
///
/// Since v29 the table is kept in order of set, then fingerprint, so a drop's cards are written at its end, one page
/// after another, however many the ledger holds; `cardFingerprintLookup` finds a number's cards by fingerprint. It is
/// derived from the table and filled a batch of sets at a time (`Ledger.mergeFingerprints`); the sets not in it yet
/// are listed in `cardFingerprintPending`, and lookups read them in the table itself.
enum CardFingerprintSchema {
    /// Moves the card fingerprints into order of set (the first cards of a number a drop sent, written one page after
    /// another), and builds the lookup by fingerprint from them, every set merged.
    static func storeBySet(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE cardFingerprintV29 (
                fingerprint BLOB NOT NULL CHECK (length(fingerprint) = 32),
                setID INTEGER NOT NULL REFERENCES cardFingerprintSet(id),
                panSequence INTEGER,
                expiry INTEGER,
                PRIMARY KEY (setID, fingerprint)
            ) WITHOUT ROWID
            """)
        try db.execute(sql: """
            INSERT INTO cardFingerprintV29 (fingerprint, setID, panSequence, expiry)
            SELECT fingerprint, setID, panSequence, expiry FROM cardFingerprint ORDER BY setID, fingerprint
            """)
        try createLookup(db)
        try db.execute(sql: """
            INSERT INTO cardFingerprintLookup (fingerprint, setID, panSequence, expiry)
            SELECT fingerprint, setID, panSequence, expiry FROM cardFingerprint ORDER BY fingerprint
            """)
        try db.drop(table: "cardFingerprint")
        try db.rename(table: "cardFingerprintV29", to: "cardFingerprint")
    }

    /// The lookup by fingerprint and the list of sets not merged into it.
    private static func createLookup(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE cardFingerprintLookup (
                fingerprint BLOB NOT NULL,
                setID INTEGER NOT NULL,
                panSequence INTEGER,
                expiry INTEGER,
                PRIMARY KEY (fingerprint, setID)
            ) WITHOUT ROWID
            """)
        try db.execute(sql: """
            CREATE TABLE cardFingerprintPending (
                setID INTEGER PRIMARY KEY REFERENCES cardFingerprintSet(id),
                cards INTEGER NOT NULL
            )
            """)
    }

    /// Adds the PAN sequence number and expiry to the card fingerprints (null for the rows already there, without
    /// rewriting them) and the table of further cards of a number.
    static func keepIssues(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE cardFingerprint ADD COLUMN panSequence INTEGER")
        try db.execute(sql: "ALTER TABLE cardFingerprint ADD COLUMN expiry INTEGER")
        try db.execute(sql: """
            CREATE TABLE cardFingerprintLater (
                fingerprint BLOB NOT NULL CHECK (length(fingerprint) = 32),
                panSequence INTEGER NOT NULL,
                expiry INTEGER NOT NULL,
                setID INTEGER NOT NULL REFERENCES cardFingerprintSet(id),
                PRIMARY KEY (fingerprint, panSequence, expiry)
            ) WITHOUT ROWID
            """)
    }

    /// Moves the v3 table (hex text, drop and time on every row) to the byte layout.
    static func storeAsBytes(_ db: Database) throws {
        try db.create(table: "cardFingerprintSet") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("dropID", .text).notNull().unique()
            t.column("recordedAt", .datetime).notNull()
        }
        try db.execute(sql: """
            CREATE TABLE cardFingerprintBytes (
                fingerprint BLOB NOT NULL PRIMARY KEY CHECK (length(fingerprint) = 32),
                setID INTEGER NOT NULL REFERENCES cardFingerprintSet(id)
            ) WITHOUT ROWID
            """)
        try db.execute(sql: """
            INSERT INTO cardFingerprintSet (dropID, recordedAt)
            SELECT dropID, MIN(recordedAt) FROM cardFingerprint GROUP BY dropID ORDER BY MIN(recordedAt)
            """)
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO cardFingerprintBytes (fingerprint, setID) VALUES (?, ?)")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT f.fingerprint AS fingerprint, s.id AS setID FROM cardFingerprint f JOIN cardFingerprintSet s ON s.dropID = f.dropID
            """)
        while let row = try rows.next() {
            let text: String = row["fingerprint"]
            guard let fingerprint = CardFingerprint(hex: text) else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a card fingerprint is not 64 hex digits")
            }
            try insert.execute(arguments: [Data(fingerprint.bytes), row["setID"] as Int64])
        }
        try db.drop(table: "cardFingerprint")
        try db.rename(table: "cardFingerprintBytes", to: "cardFingerprint")
    }
}
