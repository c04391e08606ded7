import CardPrepLedger
import Foundation
import LedgerStoreTestSupport
import Logging

@testable import CardPrepPostgres

/// Stores on the test server, each on a database of its own.
enum PostgresTestStores {
    /// A configuration for a new, empty database on the test server.
    static func newDatabase() throws -> PostgresLedgerConfiguration {
        try PostgresLedgerConfiguration(url: try PostgresTestServer.newDatabase())
    }

    /// A store on a new, empty database.
    static func newStore() throws -> PostgresLedgerStore {
        try PostgresLedgerStore(configuration: try newDatabase(), logger: logger)
    }

    /// One store, on one database, for the conformance checks of this process (they make tables of their own).
    static let shared: Result<PostgresLedgerStore, any Error> = Result { try newStore() }

    /// A logger that prints nothing.
    static let logger = Logger(label: "cardprep.tests.postgres") { _ in SwiftLogNoOpLogHandler() }
}
