import Foundation
import Testing

/// A new intake key beside the old one: drops encrypted to either are taken, and the audit says which key opened
/// each, so `keys usage` tells when the old key was last used.
@Suite struct IntakeKeyRotationTests {
    @Test func theKeyThatOpenedEachDropIsRecordedWithItsFirstAndLastUse() throws {
        let workspace = try SampleWorkspace(production: nil)
        let identityFile = workspace.root + "/keys/bureau.agekey"
        let old = try String(contentsOfFile: identityFile, encoding: .utf8)
        // The new key first: the sample drop, encrypted to the old one, is still taken.
        let generated = try workspace.cardprep(["keys", "generate", "--dir", workspace.root + "/newkeys"])
        #expect(generated.status == 0, "\(generated.standardError)")
        let new = try String(contentsOfFile: workspace.root + "/newkeys/bureau.agekey", encoding: .utf8)
        let newRecipient = try String(contentsOfFile: workspace.root + "/newkeys/bureau.agekey.pub", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("age1") }.map(String.init)
        let oldRecipient = try String(contentsOfFile: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-bureau.agekey.pub", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("age1") }.map(String.init)
        let oldKey = try #require(oldRecipient), newKey = try #require(newRecipient)
        try (new + old).write(toFile: identityFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: identityFile)

        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        let usage = try workspace.cardprep(["keys", "usage", workspace.pipeline, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(usage.standardOutput.utf8)) as? [String: Any],
                                  "\(usage.standardOutput)\(usage.standardError)")
        #expect(object["format"] as? String == "cardprep-intake-keys/1")
        let keys = try #require(object["keys"] as? [[String: Any]])
        let byKey = Dictionary(keys.map { ($0["key"] as? String ?? "", $0) }) { first, _ in first }
        let oldUse = try #require(byKey[oldKey], "\(keys)")
        let newUse = try #require(byKey[newKey], "\(keys)")
        #expect(oldUse["drops"] as? Int == 1 && oldUse["customers"] as? [String] == ["cust-01"] && oldUse["lastUse"] != nil)
        #expect(newUse["drops"] as? Int == 0 && newUse["configured"] as? Bool == true && newUse["firstUse"] == nil)
    }
}
