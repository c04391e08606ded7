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
        try workspace.addPeople(["alice", "bob", "dave", "frank"])
        let warehouse = ["--requester", "dave", "--approver", "frank"]
        func signed(_ arguments: [String]) throws -> BuiltExecutable.Outcome {
            try workspace.cardprepSigned(["stock", arguments[0], workspace.pipeline] + arguments.dropFirst() + warehouse)
        }
        let moved = try signed(["transfer", "--customer", "cust-01", "--from", "HQ", "--to", "BR01", "--product", "C01-DEBIT",
                                "--class", "blank", "--quantity", "120", "--reference", "TR-1", "--at", "2026-10-03T08:00:00Z"])
        #expect(moved.status == 0, "\(moved.standardError)")
        #expect(moved.standardOutput.contains("signed by requester=dave, approver=frank"), "\(moved.standardOutput)")
        let obsolete = try signed(["reclassify"] + hq + ["--quantity", "30", "--reference", "RC-1", "--note", "old design",
                                                          "--at", "2026-10-04T08:00:00Z"])
        #expect(obsolete.status == 0, "\(obsolete.standardError)")
        let future = try stock(["record", "received"] + hq + ["--quantity", "5", "--reference", "DN-2", "--at", "2099-01-01T00:00:00Z"])
        #expect(future.status == 64)
        #expect(future.standardError.contains("in the future"))
        let tooMany = try signed(["transfer", "--customer", "cust-01", "--from", "BR01", "--to", "HQ", "--product", "C01-DEBIT",
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
        let folder = workspace.root + "/out/customer-outbox/cust-01/statements/stock-statement-cust-01-2026-10"
        for suffix in [".html", ".csv", ".json"] {
            #expect(FileManager.default.fileExists(atPath: folder + suffix + ".sig"), "\(suffix)")
        }
        let badPeriod = try stock(["statement", "--customer", "cust-01", "--period", "2026-13"])
        #expect(badPeriod.status == 64)
        let unknown = try stock(["statement", "--customer", "nobody", "--period", "2026-10"])
        #expect(unknown.status == 64 && unknown.standardError.contains("nobody.yml"))
    }

    /// A transfer and a reclassification are signed by a requester of the warehouse and a supervisor: without people,
    /// the rule and a command that names them; without signatures, the statement (exit 64); a requester of another
    /// department refused before anything is printed; the movements recorded with the two verified people.
    @Test func transfersAndReclassificationsAreSignedByWarehouseStaff() throws {
        let workspace = try SampleWorkspace(stages: ["ingest"], production: nil)
        try workspace.addPeople(["alice", "bob", "dave", "frank"])
        let pipeline = workspace.pipeline
        let hq = ["--customer", "cust-01", "--location", "HQ", "--product", "C01-DEBIT", "--class", "blank"]
        let received = try workspace.cardprep(["stock", "record", pipeline, "received"] + hq
                                                + ["--quantity", "100", "--reference", "DN-1", "--at", "2026-10-02T08:00:00Z"])
        #expect(received.status == 0, "\(received.standardError)")
        let transfer = ["stock", "transfer", pipeline, "--customer", "cust-01", "--from", "HQ", "--to", "BR01", "--product",
                        "C01-DEBIT", "--class", "blank", "--quantity", "40", "--reference", "TR-9", "--at", "2026-10-03T08:00:00Z"]

        let nobody = try workspace.cardprep(transfer)
        #expect(nobody.status == 64, "\(nobody.standardError)")
        #expect(nobody.standardError.contains("department warehouse") && nobody.standardError.contains("--requester dave"),
                "\(nobody.standardError)")
        let asked = try workspace.cardprep(transfer + ["--requester", "dave", "--approver", "frank"])
        #expect(asked.status == 64)
        #expect(asked.standardOutput.contains("action: stock.transfer"), "\(asked.standardOutput)")
        #expect(asked.standardOutput.contains("subject: stock transfer TR-9 of cust-01"))
        #expect(asked.standardOutput.contains("quantity: 40") && asked.standardOutput.contains("from: HQ"))
        let security = try workspace.cardprep(transfer + ["--requester", "alice", "--approver", "frank"])
        #expect(security.status == 64 && security.standardError.contains("alice"), "\(security.standardError)")

        // One signature of the two: nothing moves.
        let request = try #require(
            try JSONSerialization.jsonObject(with: Data(workspace.cardprep(transfer + ["--requester", "dave", "--approver", "frank", "--json"])
                .standardOutput.utf8)) as? [String: Any])
        let statement = try #require(request["statementFile"] as? String)
        let daveSigned = try workspace.sign(statement, as: "dave")
        let half = try workspace.cardprep(transfer + ["--requester", "dave", "--approver", "frank", "--statement", statement,
                                                      "--signature", daveSigned])
        #expect(half.status == 64, "\(half.standardError)")
        let bobSigned = try workspace.sign(statement, as: "bob")
        let wrong = try workspace.cardprep(transfer + ["--requester", "dave", "--approver", "frank", "--statement", statement,
                                                       "--signature", daveSigned, "--signature", bobSigned])
        #expect(wrong.status == 5, "\(wrong.standardError)")
        let frankSigned = try workspace.sign(statement, as: "frank")
        let done = try workspace.cardprep(transfer + ["--requester", "dave", "--approver", "frank", "--statement", statement,
                                                      "--signature", daveSigned, "--signature", frankSigned])
        #expect(done.status == 0, "\(done.standardError)")
        let again = try workspace.cardprep(transfer + ["--requester", "dave", "--approver", "frank", "--statement", statement,
                                                       "--signature", daveSigned, "--signature", frankSigned])
        #expect(again.status == 5 && again.standardError.contains("used"), "\(again.standardError)")

        let reclassified = try workspace.cardprepSigned(
            ["stock", "reclassify", pipeline] + hq + ["--quantity", "10", "--reference", "RC-9", "--at", "2026-10-04T08:00:00Z",
                                                      "--requester", "dave", "--approver", "frank"])
        #expect(reclassified.status == 0, "\(reclassified.standardError)")

        let history = try workspace.cardprep(["stock", "history", pipeline] + hq + ["--json"])
        let movements = try #require(
            (try JSONSerialization.jsonObject(with: Data(history.standardOutput.utf8)) as? [String: Any])?["movements"] as? [[String: Any]])
        #expect(movements.map { "\($0["kind"]!) \($0["actor"]!)" }
                == ["received system", "transferred-out dave+frank", "reclassified-out dave+frank"], "\(movements)")
    }
}
