import GRDB

/// How the card trace is found by card number and by masked number (since v30): not through indexes of `cardTrace`,
/// whose keys come in random order and would cost a page a card once the table outgrows the cache, but through two
/// lookups derived from it and filled a batch of drops at a time in key order (`Ledger.mergeTrace`):
///
/// - `cardTraceFingerprintLookup`: fingerprint, set, row of `cardTrace`;
/// - `cardTraceMaskedLookup`: masked number, initials, set, row of `cardTrace`;
/// - `cardTracePending`: the sets not merged into them yet, with their number of rows; lookups read those sets in
///   `cardTrace` itself.
enum CardTraceLookupSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX cardTraceByFingerprint")
        try db.execute(sql: "DROP INDEX cardTraceByMasked")
        try db.execute(
            sql: """
                CREATE TABLE cardTraceFingerprintLookup (
                    fingerprint BLOB NOT NULL, setID INTEGER NOT NULL, traceRow INTEGER NOT NULL,
                    PRIMARY KEY (fingerprint, setID, traceRow)
                ) WITHOUT ROWID
                """)
        try db.execute(
            sql: """
                CREATE TABLE cardTraceMaskedLookup (
                    masked TEXT NOT NULL, initials TEXT NOT NULL, setID INTEGER NOT NULL, traceRow INTEGER NOT NULL,
                    PRIMARY KEY (masked, initials, setID, traceRow)
                ) WITHOUT ROWID
                """)
        try db.execute(
            sql: """
                CREATE TABLE cardTracePending (
                    setID INTEGER PRIMARY KEY REFERENCES cardTraceSet(id),
                    rows INTEGER NOT NULL
                )
                """)
        try db.execute(
            sql: """
                INSERT INTO cardTraceFingerprintLookup (fingerprint, setID, traceRow)
                SELECT fingerprint, setID, rowid FROM cardTrace ORDER BY fingerprint, setID, rowid
                """)
        try db.execute(
            sql: """
                INSERT INTO cardTraceMaskedLookup (masked, initials, setID, traceRow)
                SELECT masked, initials, setID, rowid FROM cardTrace ORDER BY masked, initials, setID, rowid
                """)
    }
}
