import CardPrepLedger
import CardPrepPostgres
import Foundation
import Logging

/// The databases a ledger test runs on: each test of the ledger that takes a `LedgerStoreKind` argument runs on both.
public enum LedgerStoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// Fresh ledgers for tests: a SQLite file in a new folder, or a new database on the PostgreSQL test server.
public enum TestLedgers {
    /// A new, empty ledger of `kind`, its schema up to date.
    /// - Parameter folder: where a SQLite ledger's file goes (created if needed); a new temporary folder when nil.
    public static func new(_ kind: LedgerStoreKind, in folder: String? = nil) throws -> Ledger {
        switch kind {
        case .sqlite:
            let folder = folder ?? NSTemporaryDirectory() + "cardprep-ledger-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try Ledger(path: folder + "/ledger.sqlite")
        case .postgres:
            let configuration = try PostgresLedgerConfiguration(url: try PostgresTestServer.newDatabase())
            let store = try PostgresLedgerStore(configuration: configuration, logger: logger)
            try store.prepareLedgerSchema()
            return Ledger(store: store)
        }
    }

    /// A logger that prints nothing.
    static let logger = Logger(label: "cardprep.tests.ledger") { _ in SwiftLogNoOpLogHandler() }
}
