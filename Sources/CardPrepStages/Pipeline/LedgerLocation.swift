import CardPrepLedger
import CardPrepPostgres
import Foundation
import Logging

/// Where a pipeline's ledger lives (the pipeline file's `ledger` key): a SQLite file on this host, the default, or a
/// PostgreSQL database that several hosts share.
///
/// ```yaml
/// ledger: postgres://cardprep@ledger.bureau.example:5432/cardprep?sslmode=verify-full
/// # or
/// ledger:
///   host: ledger.bureau.example
///   database: cardprep
///   user: cardprep
///   password_file: /etc/cardprep/ledger.password   # mode 0600 or 0400
///   tls: verify-full
/// ```
public enum LedgerLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file only this host writes (`<output>/ledger.sqlite` unless the key names another).
    case sqlite(path: String)
    /// A PostgreSQL database several hosts share.
    case postgres(PostgresLedgerConfiguration)

    /// Whether several hosts may run against the ledger at once: claims, not the pipeline lock, keep them apart.
    public var isShared: Bool {
        if case .postgres = self { true } else { false }
    }

    /// The ledger as people name it: the file, or the URL without its password.
    public var description: String {
        switch self {
        case let .sqlite(path): path
        case let .postgres(configuration): configuration.location
        }
    }
}

extension PipelineDefinition {
    /// Opens the pipeline's ledger, bringing its schema up to date.
    ///
    /// A SQLite ledger opened `readOnly` is not created or migrated: one that does not exist yet reads as empty. A
    /// PostgreSQL ledger's tables are made (or brought up to date) on first use, under the ledger's write lock, by
    /// whichever host comes first; `readOnly` opens write nothing else.
    /// - Throws: `LedgerError` for a SQLite ledger; `PostgresLedgerError` for a PostgreSQL one (unreachable server,
    ///   refused password, missing database, a database holding something else, a schema newer than this CardPrep).
    public func openLedger(readOnly: Bool = false, logger: Logger = Logger(label: "cardprep.ledger")) throws -> Ledger {
        switch ledger {
        case let .sqlite(path):
            let exists = FileManager.default.fileExists(atPath: path)
            return try Ledger(path: path, readOnly: readOnly && !exists)
        case let .postgres(configuration):
            let store = try PostgresLedgerStore(configuration: configuration, logger: logger)
            try store.prepareLedgerSchema()
            return Ledger(store: store)
        }
    }

    /// Opens the ledger as it is, for a look that must write nothing at all (a dry run): an existing SQLite file
    /// read-only, or an empty ledger in memory when there is none; a PostgreSQL ledger as it stands.
    public func openLedgerAsItIs(logger: Logger = Logger(label: "cardprep.ledger")) throws -> Ledger {
        switch ledger {
        case let .sqlite(path): return try Ledger(path: path, readOnly: true)
        case let .postgres(configuration):
            return Ledger(store: try PostgresLedgerStore(configuration: configuration, logger: logger))
        }
    }
}

/// Reads the pipeline file's `ledger` key.
enum LedgerLocationReader {
    /// The ledger the key names, or the SQLite file in `output` when there is no key.
    /// - Parameters:
    ///   - resolve: makes a relative path absolute from the pipeline file's folder.
    /// - Throws: `ConfigurationError` naming the key's line.
    static func read(
        _ root: inout ConfigurationMapping, output: String, resolve: (String) -> String
    ) throws(ConfigurationError) -> LedgerLocation {
        let line = root.line(of: "ledger")
        let place = "'ledger'"
        func failure(_ error: PostgresLedgerError) -> ConfigurationError {
            switch error {
            case let .invalidConfiguration(_, reason): ConfigurationError(file: root.file, line: line, reason: "\(place): \(reason)")
            default: ConfigurationError(file: root.file, line: line, reason: "\(place): \(error)")
            }
        }
        switch try root.scalarOrMapping("ledger") {
        case nil:
            return .sqlite(path: output + "/ledger.sqlite")
        case let .scalar(text, _):
            let value = text.trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
                do { return .postgres(try PostgresLedgerConfiguration(url: value, place: place)) } catch {
                    throw failure(error)
                }
            }
            let path = value.hasPrefix("sqlite:") ? String(value.dropFirst("sqlite:".count)) : value
            guard !path.isEmpty, !value.contains("://") else {
                throw root.error("ledger", "write postgres://USER@HOST:PORT/DATABASE, sqlite:PATH or a block with host, database and user")
            }
            return .sqlite(path: resolve(path))
        case var .mapping(block):
            var values: [String: String] = [:]
            for key in block.keys {
                guard let value = try block.optionalString(key) else { continue }
                values[key] = value
            }
            let folder = URL(fileURLWithPath: root.file).deletingLastPathComponent().standardizedFileURL.path
            do { return .postgres(try PostgresLedgerConfiguration(block: values, relativeTo: folder, place: place)) } catch {
                throw failure(error)
            }
        }
    }
}
