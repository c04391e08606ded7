import CardPrepCore
import Foundation
import LedgerStoreTestSupport
import Testing

@testable import CardPrepLedger

/// Card trace rows and the floor's reports on both ledger stores.
@Suite struct CardTraceLedgerTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func fingerprint(_ seed: Int) -> CardFingerprint { CardFingerprint(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 * 7 + seed) })! }

    func row(_ record: Int) -> CardTraceRow {
        CardTraceRow(dropID: "d1", record: record, fingerprint: fingerprint(record), masked: "411111******\(String(format: "%04d", record))",
                     initials: record % 2 == 0 ? "J.D." : "A.B.", product: "P1", branch: "HQ", job: "d1-J01",
                     batch: "d1-J01-B\(String(format: "%03d", (record - 1) / 100 + 1))", sequence: record)
    }

    func production(_ serials: [(Int, String, ProductionResult.Status)]) -> [ProductionResult] {
        serials.map { sequence, serial, status in
            ProductionResult(job: "d1-J01", batch: "d1-J01-B001", sequence: sequence, serial: serial, status: status,
                             reason: status == .spoiled ? "misprint" : "", station: "emb-01", operator: "op-17", time: t0)
        }
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func traceRowsGoInInBatchesAndAreFoundByEveryKey(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        let rows = (1...250).map(row)
        let inserted = try ledger.write("test") { try Ledger.insertTraces(rows.forEach, at: t0, in: $0) }
        #expect(inserted == 250)
        #expect(try ledger.cardTraces(dropID: "d1") == rows)
        #expect(try ledger.cardTraces(fingerprint: fingerprint(7)) == [row(7)])
        #expect(try ledger.cardTraces(masked: "411111******0042", initials: "J.D.") == [row(42)])
        #expect(try ledger.cardTraces(masked: "411111******0042", initials: "A.B.").isEmpty)
        #expect(try ledger.cardTraces(dropID: "d1", job: "d1-J01", sequence: 201) == [row(201)])
    }

    @Test(arguments: LedgerStoreKind.allCases)
    func theFloorsReportsAreKeptOncePerChangeAndTheLatestCount(on kind: LedgerStoreKind) throws {
        let ledger = try TestLedgers.new(kind)
        let first = FloorReports(files: [.init(name: "shipping.csv", text: "a\n")],
                                 production: production([(1, "CS0001", .spoiled), (1, "CS0002", .good)]))
        #expect(try ledger.write("test") { transaction in try Ledger.keepFloorReports(first, dropID: "d1", at: t0, in: transaction) })
        #expect(try !ledger.write("test") { transaction in try Ledger.keepFloorReports(first, dropID: "d1", at: t0, in: transaction) })
        #expect(try ledger.productionLines(dropID: "d1", job: "d1-J01", sequence: 1).map(\.result.serial) == ["CS0001", "CS0002"])
        #expect(try ledger.productionLines(serial: "CS0002").map(\.result) == [first.production[1]])

        let second = FloorReports(files: [.init(name: "shipping.csv", text: "b\n")], production: production([(1, "CS0003", .good)]))
        #expect(try ledger.write("test") { transaction in try Ledger.keepFloorReports(second, dropID: "d1", at: t0, in: transaction) })
        #expect(try ledger.productionLines(serial: "CS0002").isEmpty)
        #expect(try ledger.productionLines(dropID: "d1").map(\.result.serial) == ["CS0003"])
        #expect(try ledger.floorReports(dropID: "d1")?.files == second.files)
        #expect(try ledger.floorReports(dropID: "d2") == nil)
    }
}
