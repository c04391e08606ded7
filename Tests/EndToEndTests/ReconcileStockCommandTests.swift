import Foundation
import Testing

/// `cardprep stock` run as a built executable on a pipeline in a temporary folder.
@Suite struct ReconcileStockCommandTests {
    let folder: TemporaryFolder
    let pipeline: String

    init() throws {
        folder = try TemporaryFolder()
        pipeline = folder.url.path + "/pipeline.yml"
        try """
            version: 1
            name: stock-test
            inbox: inbox
            output: out
            keys:
              identity: keys/bureau.agekey
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
    }

    func stock(_ arguments: [String]) throws -> BuiltExecutable.Outcome {
        try BuiltExecutable(name: "cardprep").run(["stock"] + [arguments[0], pipeline] + arguments.dropFirst())
    }

    let account = ["--customer", "cust-01", "--location", "HQ", "--product", "C01-DEBIT", "--class", "blank"]

    @Test func movementsCountsBalancesAndHistory() throws {
        for (kind, quantity) in [("received", "100"), ("issued", "15"), ("returned", "1"), ("spoiled", "2"), ("destroyed", "2")] {
            let recorded = try stock(["record", kind] + account + ["--quantity", quantity, "--reference", "ORD-1", "--at", "2026-11-03T08:00:00Z"])
            #expect(recorded.status == 0, "\(recorded.standardError)")
        }
        let agreeing = try stock(["count"] + account + ["--counted", "84"])
        #expect(agreeing.status == 0, "\(agreeing.standardError)")
        let variance = try stock(["count"] + account + ["--counted", "83", "--spot-check", "--json"])
        #expect(variance.status == 4)
        #expect(variance.standardOutput.contains("stock-count-variance"))
        let balance = try stock(["balance", "--json"])
        #expect(balance.status == 0)
        let lines = (try JSONSerialization.jsonObject(with: Data(balance.standardOutput.utf8)) as? [String: Any])?["accounts"] as? [[String: Any]]
        #expect(lines?.first?["usable"] as? Int == 84)
        #expect(lines?.first?["total"] as? Int == 84)
        let history = try stock(["history"] + account)
        #expect(history.status == 0)
        #expect(history.standardOutput.split(separator: "\n").count == 8)
        let refused = try stock(["record", "issued"] + account + ["--quantity", "500"])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("holds 84"))
    }

    @Test func aCountGivenToRecordIsAUsageError() throws {
        #expect(try stock(["record", "inventory"] + account + ["--quantity", "5"]).status == 64)
    }
}
