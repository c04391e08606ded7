import CardPrepCore

/// Why a SQLite ledger was not moved to PostgreSQL. Nothing was written to the target when one of these is thrown.
public enum LedgerMigrationError: Error, CustomStringConvertible, Equatable {
    /// There is no ledger file at the path given.
    case sourceMissing(path: String)
    /// The source is not written `sqlite:PATH`.
    case sourceNotSQLite(given: String)
    /// The target already holds rows; `tables` names each table that does, with its rows.
    case targetNotEmpty(server: String, tables: [String: Int])
    /// The two schemas do not hold the same tables or columns (the SQLite ledger is newer or older than the PostgreSQL
    /// schema this CardPrep writes).
    case schemasDiffer(server: String, reason: String)
    /// A worker still holds a claim in the SQLite ledger: a run is going on.
    case workerRunning(holder: String, dropID: String, stage: String)

    public var description: String {
        switch self {
        case let .sourceMissing(path):
            "there is no SQLite ledger at \(path); name the pipeline's ledger file (<output>/ledger.sqlite)"
        case let .sourceNotSQLite(given):
            "--from \(given): write the SQLite ledger as sqlite:PATH, e.g. --from sqlite:/srv/cardprep/output/ledger.sqlite"
        case let .targetNotEmpty(server, tables):
            "the PostgreSQL ledger \(server) is not empty ("
                + tables.sorted { $0.key < $1.key }.prefix(5).map { "\($0.key): \($0.value) row(s)" }.joined(separator: ", ")
                + (tables.count > 5 ? ", …" : "")
                + "); nothing was copied. Name a new database (createdb -O USER DATABASE), or drop this one if it holds "
                + "an earlier, unfinished copy"
        case let .schemasDiffer(server, reason):
            "the SQLite ledger and the PostgreSQL ledger \(server) do not have the same tables: \(reason); nothing was copied"
        case let .workerRunning(holder, dropID, stage):
            "\(holder) holds the \(stage) of drop \(dropID.prefix(12)) in the SQLite ledger: a run is going on; nothing was "
                + "copied. Let it end (or its lease run out), then run the command again"
        }
    }

    /// The exit code this failure ends `cardprep ledger migrate` with.
    public var exitCode: CardPrepExitCode {
        switch self {
        case .sourceMissing, .sourceNotSQLite: .usage
        case .targetNotEmpty: .refused
        case .schemasDiffer: .failure
        case .workerRunning: .locked
        }
    }
}
