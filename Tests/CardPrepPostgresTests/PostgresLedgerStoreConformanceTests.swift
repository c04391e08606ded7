import CardPrepLedger
import Foundation
import LedgerStoreTestSupport
import Testing

@testable import CardPrepPostgres

/// The `LedgerStore` conformance checks, on a real PostgreSQL server.
@Suite struct PostgresLedgerStoreConformanceTests {
    @Test(arguments: LedgerStoreConformance.all)
    func conforms(_ check: LedgerStoreConformance) throws {
        try check.run(on: try PostgresTestStores.shared.get())
    }

    @Test func twoStoresAreTwoHostsWhoseWritesNeverInterleave() throws {
        // Two stores on one database are what two hosts have: separate connections, one write lock.
        let configuration = try PostgresTestStores.newDatabase()
        let hosts = try (0..<2).map { _ in
            try PostgresLedgerStore(configuration: configuration, logger: PostgresTestStores.logger)
        }
        try hosts[0].write { try $0.execute(#"CREATE TABLE "chain" ("seq" bigint PRIMARY KEY, "previous" bigint NOT NULL)"#, []) }
        try hosts[0].write { try $0.execute(#"INSERT INTO "chain" VALUES (1, 0)"#, []) }
        let failures = ConcurrentFailureList()
        let group = DispatchGroup()
        for host in hosts {
            for _ in 0..<2 {
                group.enter()
                Thread {
                    defer { group.leave() }
                    do {
                        for _ in 0..<10 {
                            try host.write { transaction in
                                // As the audit chain does: the next sequence number from the last, in the same transaction.
                                guard
                                    case let .integer(last)? = try transaction.row(
                                        #"SELECT max("seq") AS last FROM "chain""#, [])?["last"]
                                else {
                                    throw DeliberateTestFailure()
                                }
                                try transaction.execute(
                                    #"INSERT INTO "chain" VALUES (?, ?)"#, [.integer(last + 1), .integer(last)])
                            }
                        }
                    } catch { failures.add("\(error)") }
                }.start()
            }
        }
        group.wait()
        #expect(failures.all.isEmpty)
        let rows = try hosts[1].read { try $0.rows(#"SELECT "seq", "previous" FROM "chain" ORDER BY "seq""#, []) }
        #expect(rows.count == 41)
        #expect(
            rows.enumerated().allSatisfy { index, row in
                row["seq"] == .integer(Int64(index + 1)) && row["previous"] == .integer(Int64(index))
            })
    }
}

struct DeliberateTestFailure: Error {}

/// Failures collected from several threads.
final class ConcurrentFailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func add(_ failure: String) { lock.withLock { failures.append(failure) } }
    var all: [String] { lock.withLock { failures } }
}
