import CardPrepCore
import Foundation
import Testing

/// A job manifest of one job with the given batch sizes, for inspection tests.
func inspectionManifest(batches: [Int], product: String = "VISA-CL", dropID: String = String(repeating: "ab", count: 32)) -> JobManifest {
    var first = 1
    var list: [JobManifest.Batch] = []
    for (index, cards) in batches.enumerated() {
        list.append(.init(id: "\(dropID.prefix(12))-J01-B\(String(format: "%03d", index + 1))", branch: "BR1", orderLines: [1],
                          firstSequence: first, cards: cards))
        first += cards
    }
    let total = batches.reduce(0, +)
    let job = JobManifest.Job(id: "\(dropID.prefix(12))-J01", machine: "emb1", station: .embosser, product: product, layout: "l",
                              file: "j.age", sha256: "", cards: total, batches: list)
    return JobManifest(dropID: dropID, customer: "ACME", orderID: "PO-1", contract: "C-9", created: "2026-11-01T00:00:00Z",
                       jobs: [job], lines: [.init(orderLine: 1, product: product, branch: "BR1", ordered: total, accepted: total, rejected: 0)])
}

@Suite struct InspectionLotTests {
    @Test func eachBatchIsALotWithDefaultSerials() {
        let lots = LotFormation.lots(from: inspectionManifest(batches: [3, 2]), basis: .batch)
        #expect(lots.map(\.size) == [3, 2])
        #expect(lots[1].serials == ["abababababab-J01-B002-000004", "abababababab-J01-B002-000005"])
        #expect(lots[0].orderedQuantity == 3 && lots[0].basis == .batch && lots[0].customer == "ACME")
    }

    @Test func productionResultsGiveTheGoodCards() throws {
        let csv = """
            job,batch,sequence,serial,status,reason,station,operator,time
            J,abababababab-J01-B001,1,S1,good,,st-1,op-1,2026-11-03T09:00:00Z
            J,abababababab-J01-B001,2,S2,spoiled,misprint,st-1,op-1,2026-11-03T09:00:00Z
            J,abababababab-J01-B001,3,S3,good,,st-1,op-1,2026-11-03T09:00:00Z
            J,abababababab-J01-B001,4,S4,test,,st-1,op-1,2026-11-03T09:00:00Z
            """
        let results = try ProductionResults.parse(csv: csv, file: "p.csv")
        let lots = LotFormation.lots(from: inspectionManifest(batches: [4, 2]), basis: .batch, production: results)
        #expect(lots[0].serials == ["S1", "S3"] && lots[0].size == 2)
        #expect(lots[1].size == 2)  // not covered by the results: the batch's card count
    }

    @Test func deliveryBasisMakesOneLotPerProduct() {
        let lots = LotFormation.lots(from: inspectionManifest(batches: [3, 2]), basis: .delivery)
        #expect(lots.count == 1 && lots[0].id == "abababababab-D-VISA-CL" && lots[0].size == 5 && lots[0].orderedQuantity == 5)
    }

    @Test(arguments: [
        "serial,job,batch\nS1,J,B", "job,batch,sequence,serial,status,reason,station,operator,time\nJ,B,x,S1,good,,s,o,2026-11-03T09:00:00Z",
        "job,batch,sequence,serial,status,reason,station,operator,time\nJ,B,1,S1,lost,,s,o,2026-11-03T09:00:00Z",
        "job,batch,sequence,serial,status,reason,station,operator,time\nJ,B,1,S1,good,,s,o,2026-11-03T09:00:00Z\nJ,B,2,S1,good,,s,o,2026-11-03T09:00:00Z",
    ])
    func malformedProductionResultsAreRefused(csv: String) {
        #expect(throws: InspectionError.self) { try ProductionResults.parse(csv: csv, file: "p.csv") }
    }

    @Test func planTakesTheLargestSampleAndNamesWhy() throws {
        let terms = AcceptanceTerms(inspectionLevel: .ii, lotBasis: .batch, criticalAQL: AQL("0.65")!, majorAQL: AQL("1.0")!,
                                    minorAQL: AQL("2.5")!)
        let plan = try LotPlan(lotSize: 2000, terms: terms, termsSource: "order", severity: .normal, severityReason: "start")
        #expect(plan.classes.map(\.plan.sampleSize) == [125, 125, 125])
        #expect(plan.plan(for: .minor)?.plan.acceptNumber == 7 && plan.plan(for: .critical)?.plan.acceptNumber == 2)
        #expect(plan.sampleSize == 125 && plan.termsSource == "order")
        let small = try LotPlan(lotSize: 50, terms: terms, termsSource: "order", severity: .normal, severityReason: "start")
        #expect(small.plan(for: .critical)?.plan.sampleSize == 20 && small.plan(for: .minor)!.plan.sampleSize < 20)
        #expect(small.sampleSize == 20)
        #expect(SwitchingState().severityReason.contains("9.1"))
    }
}
