import Foundation
import Testing

/// `cardprep stock transfer`, `reclassify` and `statement` with the built `cardprep` on the sample customer.
@Suite struct StockStatementCommandTests {
    @Test func transfersReclassificationsAndTheSignedStatement() throws {
        let workspace = try SampleWorkspace(stages: ["ingest"], production: nil)
        func stock(_ arguments: [String]) throws -> BuiltExecutable.Outcome {
            try workspace.cardprep(["stock", arguments[0], workspace.pipeline] + arguments.dropFirst())
        }
        let hq = ["--customer", "cust-01", "--location", "HQ", "--product", "C01-DEBIT", "--class", "blank"]
        let received = try stock(["record", "received"] + hq + ["--quantity", "300", "--reference", "DN-1", "--at", "2026-10-02T08:00:00Z"])
        #expect(received.status == 0, "\(received.standardError)")
        let moved = try stock(["transfer", "--customer", "cust-01", "--from", "HQ", "--to", "BR01", "--product", "C01-DEBIT",
                               "--class", "blank", "--quantity", "120", "--reference", "TR-1", "--at", "2026-10-03T08:00:00Z"])
        #expect(moved.status == 0, "\(moved.standardError)")
        let obsolete = try stock(["reclassify"] + hq + ["--quantity", "30", "--reference", "RC-1", "--note", "old design",
                                                         "--at", "2026-10-04T08:00:00Z"])
        #expect(obsolete.status == 0, "\(obsolete.standardError)")
        let future = try stock(["record", "received"] + hq + ["--quantity", "5", "--reference", "DN-2", "--at", "2099-01-01T00:00:00Z"])
        #expect(future.status == 64)
        #expect(future.standardError.contains("in the future"))
        let tooMany = try stock(["transfer", "--customer", "cust-01", "--from", "BR01", "--to", "HQ", "--product", "C01-DEBIT",
                                 "--class", "blank", "--quantity", "121", "--reference", "TR-2", "--at", "2026-10-05T08:00:00Z"])
        #expect(tooMany.status == 1 && tooMany.standardError.contains("holds 120"))
        let statement = try stock(["statement", "--customer", "cust-01", "--period", "2026-10", "--json"])
        #expect(statement.status == 0, "\(statement.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(statement.standardOutput.utf8)) as? [String: Any])
        #expect(json["customerName"] as? String == "Northwind Bank")
        let accounts = try #require(json["accounts"] as? [[String: Any]])
        let figures = accounts.map {
            "\($0["location"]!)/\($0["stockClass"]!) \($0["opening"]!)+\($0["cardsIn"]!)-\($0["cardsOut"]!)=\($0["closing"]!)"
        }
        #expect(figures == ["BR01/blank 0+120-0=120", "HQ/blank 0+300-150=150", "HQ/obsolete 0+30-0=30"])
        let folder = workspace.root + "/out/reports/stock/stock-statement-cust-01-2026-10"
        for suffix in [".html", ".csv", ".json"] {
            #expect(FileManager.default.fileExists(atPath: folder + suffix + ".sig"), "\(suffix)")
        }
        let badPeriod = try stock(["statement", "--customer", "cust-01", "--period", "2026-13"])
        #expect(badPeriod.status == 64)
        let unknown = try stock(["statement", "--customer", "nobody", "--period", "2026-10"])
        #expect(unknown.status == 64 && unknown.standardError.contains("nobody.yml"))
    }
}
