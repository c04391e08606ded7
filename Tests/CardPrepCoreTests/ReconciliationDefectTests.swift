import Foundation
import Testing

@testable import CardPrepCore

/// The destruction and stock defects a bureau's floor can plant in its reports, each found by the whole
/// reconciliation as one located finding with expected and actual figures.
@Suite("Reconciliation defects")
struct ReconciliationDefectTests {
    let clean = ReconciliationExamples.clean

    /// The findings of the whole reconciliation of `input`, except the ones `ignoring` names.
    func findings(_ input: ReconciliationInput, ignoring: Set<ReconciliationCode> = []) -> [ReconciliationFinding] {
        Reconciliation.run(input).filter { !ignoring.contains($0.code) }
    }

    @Test func destroyingAGoodCardThatWasShippedIsFound() {
        // The floor's row (and its signed record) run on from the spoiled CS000002 into its reprint CS000003,
        // a good card delivered to BR-01 in S-1.
        let input = clean.with {
            $0.destructions = [ReconciliationExamples.destruction(serials: "CS000002-CS000003", quantity: 2)]
            $0.signedDestructions = [ReconciliationExamples.signedDestruction(serials: "CS000002-CS000003", quantity: 2)]
        }
        let found = findings(input)
        #expect(found.map(\.code) == [.destructionShipped])
        let finding = found[0]
        #expect(finding.location.destruction == "D-1" && finding.location.serialRange == "CS000003")
        #expect(finding.location.shipment == "S-1" && finding.location.batch == "d1-J01-B001")
        #expect(finding.expected == 0 && finding.actual == 1)
    }

    @Test func destroyingASerialTheFloorNeverReportedIsFound() {
        let input = clean.with {
            $0.destructions = [ReconciliationExamples.destruction(serials: "CS000002;CS000090-CS000091", quantity: 3)]
            $0.signedDestructions = [ReconciliationExamples.signedDestruction(serials: "CS000002;CS000090-CS000091", quantity: 3)]
        }
        let found = findings(input)
        #expect(found.map(\.code) == [.destructionUnknownSerial])
        #expect(found.first?.location.serialRange == "CS000090-CS000091")
        #expect(found.first?.location.file == "destruction.csv" && found.first?.location.destruction == "D-1")
        #expect(found.first?.expected == 0 && found.first?.actual == 2)
    }

    @Test func aDestructionDatedBeforeTheSpoilIsFound() {
        let early = ReconciliationExamples.time("2026-11-02T16:00:00Z")
        let input = clean.with {
            $0.destructions[0].time = early
            $0.signedDestructions[0].time = early
        }
        let found = findings(input)
        #expect(found.map(\.code) == [.destructionBeforeSpoil])
        #expect(found.first?.location.serialRange == "CS000002" && found.first?.location.destruction == "D-1")
        #expect(found.first?.expected == 0 && found.first?.actual == 1)
        #expect(found.first?.message.contains("2026-11-03T09:00:00") == true)
    }

    @Test func aFloorDestructionRowWithoutCCTVIsFound() {
        let found = findings(clean.with { $0.destructions[0].cctv = "" })
        #expect(found.map(\.code) == [.destructionCCTV])
        #expect(found.first?.location.destruction == "D-1" && found.first?.location.file == "destruction.csv")
        #expect(found.first?.expected == 1 && found.first?.actual == 0)
    }

    @Test func aFutureDatedStockRowIsFound() {
        let found = findings(clean.with { $0.stock[6].time = ReconciliationExamples.time("2026-12-01T08:00:00Z") })
        #expect(found.map(\.code) == [.stockFutureDated])
        #expect(found.first?.location.account == "HQ/ACCESS/blank")
    }

    @Test(arguments: [1, 2, 3, 42, 2026])
    func aShuffledCleanStockFileReconcilesClean(seed: UInt64) {
        // The clean example's stock rows, a minute apart in the order they happened, then shuffled as a floor might
        // export them.
        let timed = clean.stock.enumerated().map { index, movement in
            var row = movement
            row.time = ReconciliationExamples.time("2026-11-02T07:00:00Z").addingTimeInterval(Double(index) * 60)
            return row
        }
        var generator = SeededGenerator(seed: seed)
        let shuffled = timed.shuffled(using: &generator)
        #expect(Reconciliation.run(clean.with { $0.stock = timed }).isEmpty)
        #expect(Reconciliation.run(clean.with { $0.stock = shuffled }).isEmpty, "order \(shuffled.map(\.kind.rawValue))")
        // The same rows read in reverse would count before the receipts; the book in time order does not.
        #expect(Reconciliation.run(clean.with { $0.stock = timed.reversed() }).isEmpty)
    }
}
