import Foundation
import Testing

/// `cardprep vault find` by customer, product and quantity: the sample drop holds two products, so it is filed as
/// MIXED and found under each of them.
@Suite struct VaultFindTests {
    private func found(_ workspace: SampleWorkspace, _ filters: [String]) throws -> [String] {
        let outcome = try workspace.cardprep(["vault", "find", workspace.pipeline, "--json"] + filters)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
        let bundles = (object as? [[String: Any]]) ?? ((object as? [String: Any])?["bundles"] as? [[String: Any]]) ?? []
        return bundles.compactMap { $0["id"] as? String }
    }

    @Test func aDropOfSeveralProductsIsFoundUnderEachAndByCustomerAndQuantity() throws {
        let workspace = try SampleWorkspace()
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let all = try found(workspace, [])
        #expect(all.count == 1)
        let listed = try workspace.cardprep(["vault", "find", workspace.pipeline])
        #expect(listed.standardOutput.contains("MIXED"), "the sample drop holds two products: \(listed.standardOutput)")
        #expect(try found(workspace, ["--product", "C01-DEBIT"]) == all)
        #expect(try found(workspace, ["--product", "C01-ACCESS"]) == all)
        #expect(try found(workspace, ["--product", "C99-NONE"]).isEmpty)
        #expect(try found(workspace, ["--customer", "cust-01"]) == all)
        #expect(try found(workspace, ["--customer", "cust-02"]).isEmpty)
        #expect(try found(workspace, ["--min-quantity", "1", "--max-quantity", "1000"]) == all)
        #expect(try found(workspace, ["--min-quantity", "100000"]).isEmpty)
        #expect(try found(workspace, ["--customer", "cust-01", "--product", "C01-ACCESS", "--from", "2020-01-01"]) == all)
    }
}
