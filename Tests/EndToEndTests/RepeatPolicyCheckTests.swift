import Foundation
import Testing

/// `cardprep check` names a wrong `repeats` value of a customer profile's product with the profile's file and line.
@Suite struct RepeatPolicyCheckTests {
    @Test func aWrongRepeatsValueIsNamedWithTheProfileAndLine() throws {
        let workspace = try SampleWorkspace()
        try workspace.addPeople()
        let root = workspace.root
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Pipelines/customers", toPath: root + "/customers")
        let pipeline = try String(contentsOfFile: workspace.pipeline, encoding: .utf8)
        let moved = pipeline.replacingOccurrences(of: "customers: \(SampleWorkspace.packageRoot)/Pipelines/customers", with: "customers: customers")
        #expect(moved != pipeline)
        try moved.write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)
        let path = root + "/customers/cust-01.yml"
        let profile = try String(contentsOfFile: path, encoding: .utf8)
        let edited = profile.replacingOccurrences(
            of: "    service_codes: [\"201\"]\n", with: "    service_codes: [\"201\"]\n    repeats: {renewal: accept, reissue: maybe}\n")
        #expect(edited != profile)
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let line = try #require(edited.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("repeats:") }) + 1

        let outcome = try workspace.cardprep(["check", workspace.pipeline])
        #expect(outcome.status == 64, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("customers/cust-01.yml:\(line): "), "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("'reissue': 'maybe' is not accept or refuse"), "\(outcome.standardOutput)")
    }
}
