import CardPrepCore
import Foundation
import Testing

/// The sample pipeline with the debit product's card values computed by the issuer's key in a SoftHSM2 token, put
/// there with `cardprep keys token-cvk` as the README says.
@Suite struct CardValuesPipelineTests {
    static let cvkURI = "pkcs11:token=cardprep;object=cvk-c01-debit"
    static let cvkHex = "0123456789ABCDEFFEDCBA9876543210"

    @Test func theEmbossersTrack2CarriesCVV1ComputedInTheToken() throws {
        let workspace = try TokenWorkspace(stages: ["ingest", "validate", "transform"])
        try workspace.putKeysInToken()
        let keyFile = workspace.root + "/etc/cvk.hex"
        try (Self.cvkHex + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
        let imported = try workspace.cardprep([
            "keys", "token-cvk", "--pipeline", workspace.pipeline, "--uri", Self.cvkURI, "--from", keyFile,
        ])
        #expect(imported.status == 0, "\(imported.standardError)")
        // The check value published with this key: the first three bytes of zeros under triple DES, 08D7B4.
        #expect(imported.standardOutput.contains("check value: 08D7B4"), "\(imported.standardOutput)")
        let again = try workspace.cardprep([
            "keys", "token-cvk", "--pipeline", workspace.pipeline, "--uri", Self.cvkURI, "--generate",
        ])
        #expect(again.status == 1)
        #expect(again.standardError.contains("exists already"), "\(again.standardError)")

        // The pipeline's own copy of the customer profiles, the debit product computing CVV1 and iCVV in the token.
        let customers = workspace.root + "/customers"
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Pipelines/customers", toPath: customers)
        let profile = try String(contentsOfFile: customers + "/cust-01.yml", encoding: .utf8).replacingOccurrences(
            of: "    # card_values:\n    #   key: \"\(Self.cvkURI)\"\n    #   track2_discretionary: \"{cvv1}00000\"\n"
                + "    #   chip_track2_discretionary: \"{icvv}00000\"\n",
            with: "    card_values:\n      key: \"\(Self.cvkURI)\"\n      track2_discretionary: \"{cvv1}00000\"\n"
                + "      chip_track2_discretionary: \"{icvv}00000\"\n")
        #expect(profile.contains("    card_values:\n"))
        try profile.write(toFile: customers + "/cust-01.yml", atomically: true, encoding: .utf8)
        let pipeline = try String(contentsOfFile: workspace.pipeline, encoding: .utf8).replacingOccurrences(
            of: "customers: \(SampleWorkspace.packageRoot)/Pipelines/customers", with: "customers: customers")
        try pipeline.write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)

        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 0, "\(run.standardError)")
        let outbox = workspace.sample.output + "/outbox/embosser-1"
        let jobs = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".age") }
        let job = try #require(jobs.first)
        let decrypted = try workspace.tool(
            "/usr/bin/age", ["-d", "-i", workspace.root + "/keys/station.agekey", outbox + "/" + job])
        #expect(decrypted.status == 0, "\(decrypted.standardError)")
        let key = try #require(SoftwareCardVerificationKey(key: Hex.decode(Self.cvkHex)!))
        let lines = decrypted.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(!lines.isEmpty)
        for line in lines {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            let track2 = fields[6].dropFirst().prefix { $0 != "?" }.split(separator: "=")
            let rest = Array(track2[1])
            let (pan, expiry, serviceCode) = (String(track2[0]), String(rest[0..<4]), String(rest[4..<7]))
            let cvv1 = try CardVerificationValue.compute(.cvv1, pan: pan, expiry: expiry, serviceCode: serviceCode, key: key)
            #expect(String(rest[7...]) == cvv1 + "00000")
        }
        // The values never reach the logs.
        let log = (try? String(contentsOfFile: workspace.sample.output + "/logs/cardprep.jsonl", encoding: .utf8)) ?? ""
        #expect(!log.contains("cvv"), "the log mentions card values")
    }
}
