import Foundation
import Testing

extension SampleWorkspace {
    /// Splits the vault key among `custodians` (any 2 of 3) with `cardprep keys split` and opens each custodian's
    /// share with their staff key, as they would.
    /// - Returns: each custodian's opened share file.
    func splitVaultKey(among custodians: [String]) throws -> [String: String] {
        let split = try cardprep(
            ["keys", "split", pipeline, "--shares", "\(custodians.count)", "--threshold", "2", "--out", "shares"]
                + custodians.flatMap { ["--custodian", $0] })
        #expect(split.status == 0, "\(split.standardError)")
        var shares: [String: String] = [:]
        for person in custodians {
            let opened = try BuiltExecutable.system("/usr/bin/age").run(
                ["-d", "-i", root + "/staff/" + person, root + "/shares/\(person).share.age"])
            #expect(opened.status == 0, "\(opened.standardError)")
            shares[person] = root + "/\(person).share"
            try opened.standardOutput.write(toFile: shares[person]!, atomically: true, encoding: .utf8)
        }
        return shares
    }
}
