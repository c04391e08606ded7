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

    /// Runs `body` while another thread holds a write transaction of `store` open, as another host committing a
    /// long stage would: the transaction has taken the ledger's write lock and run `first`, and ends when `body` has.
    static func whileAWriteIsOpen(
        on store: PostgresLedgerStore, first: @escaping @Sendable (any LedgerTransaction) throws -> Void,
        _ body: () throws -> Void
    ) throws {
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            try? store.write { transaction in
                try first(transaction)
                holding.signal()
                release.wait()
            }
            done.signal()
        }.start()
        holding.wait()
        defer {
            release.signal()
            done.wait()
        }
        try body()
    }

    /// A logger that prints nothing.
    static let logger = Logger(label: "cardprep.tests.postgres") { _ in SwiftLogNoOpLogHandler() }
}
