import CardPrepLedger
import Foundation
import LedgerStoreTestSupport
import Testing

/// The `LedgerStore` conformance checks on the SQLite store, the same checks the PostgreSQL store passes.
@Suite struct SQLiteLedgerStoreConformanceTests {
    /// One ledger file for the checks, as a host has one; each check makes tables of its own.
    static let store: Result<SQLiteLedgerStore, any Error> = Result {
        let folder = NSTemporaryDirectory() + "cardprep-store-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try SQLiteLedgerStore(path: folder + "/ledger.sqlite")
    }

    @Test(arguments: LedgerStoreConformance.all)
    func conforms(_ check: LedgerStoreConformance) throws {
        try check.run(on: try Self.store.get())
    }
}
