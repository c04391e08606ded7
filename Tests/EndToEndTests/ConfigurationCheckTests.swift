import Foundation
import Testing

/// `cardprep check` lists every mistake of a pipeline's configuration with its file and line, and every run makes
/// the same check first: a mistake of the bureau's stops the run with exit 64 before any drop is taken, instead of
/// quarantining the customers' drops.
@Suite struct ConfigurationCheckTests {
    private func problems(_ outcome: BuiltExecutable.Outcome) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "cardprep-check/1")
        return try #require(object["problems"] as? [[String: Any]])
    }

    @Test func theSamplePipelineIsClean() throws {
        let workspace = try SampleWorkspace()
        try workspace.addPeople()
        let outcome = try workspace.cardprep(["check", workspace.pipeline])
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("configuration OK (checked 1 customer, ")
                    && outcome.standardOutput.contains(" machines, ") && outcome.standardOutput.contains(" people, 6 keys, 8 folders)"),
                "\(outcome.standardOutput)")
    }

    @Test func everyMistakeIsListedWithItsFileAndLine() throws {
        let workspace = try SampleWorkspace()
        let root = workspace.root
        let fm = FileManager.default
        try fm.copyItem(atPath: SampleWorkspace.packageRoot + "/Pipelines/machines", toPath: root + "/machines")
        try fm.copyItem(atPath: SampleWorkspace.packageRoot + "/Pipelines/customers", toPath: root + "/customers")
        // 1. A machine profile with a tray size that is not a number (line 6).
        try replace("tray_size: 250", with: "tray_size: lots", in: root + "/machines/laser-1.yml")
        // 2. A product made on a machine that has no profile.
        try replace("machines: [embosser-1]", with: "machines: [embosser-1, printer-9]", in: root + "/customers/cust-01.yml")
        // 3. A customer profile filed under another customer's name.
        try String(contentsOfFile: root + "/customers/cust-01.yml", encoding: .utf8)
            .write(toFile: root + "/customers/cust-02.yml", atomically: true, encoding: .utf8)
        // 4. The intake identity readable by others.
        try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: root + "/keys/bureau.agekey")
        // 5. The fingerprint key missing.
        try fm.removeItem(atPath: root + "/keys/fingerprint.key")
        // 6. A vault identity that opens nothing encrypted to the vault's recipients.
        try fm.removeItem(atPath: root + "/keys/vault.agekey")
        try fm.copyItem(atPath: root + "/keys/station.agekey", toPath: root + "/keys/vault.agekey")
        // 7. Allowed signers without the pipeline's signing key.
        try "".write(toFile: root + "/keys/allowed_signers", atomically: true, encoding: .utf8)
        // 8. A person of an unknown department in the register.
        try workspace.addPeople(["alice"])
        try replace("department: security", with: "department: catering", in: root + "/people/alice.yml")
        // 9. The inbox missing; 10. the order schema missing.
        try replace("inbox: inbox", with: "inbox: no-such-inbox", in: workspace.pipeline)
        try replace("order_schema: \(SampleWorkspace.packageRoot)/Pipelines/schemas/order-v1.xsd",
                    with: "order_schema: schemas/none.xsd", in: workspace.pipeline)
        try replace("customers: \(SampleWorkspace.packageRoot)/Pipelines/customers", with: "customers: customers", in: workspace.pipeline)
        try replace("machines: \(SampleWorkspace.packageRoot)/Pipelines/machines", with: "machines: machines", in: workspace.pipeline)

        let machinesLine = try String(contentsOfFile: root + "/customers/cust-01.yml", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("printer-9") }.map { $0 + 1 }
        let text = try workspace.cardprep(["check", workspace.pipeline])
        #expect(text.status == 64, "\(text.standardOutput)\(text.standardError)")
        let expected: [(file: String, line: Int?, words: String)] = [
            ("machines/laser-1.yml", 6, "'tray_size': 'lots' is not a whole number"),
            ("customers/cust-01.yml", machinesLine, "machine 'printer-9', which has no profile"),
            ("customers/cust-02.yml", 3, "the profile is for 'cust-01' but the file is named 'cust-02.yml'"),
            ("pipeline.yml", 15, "keys/bureau.agekey is readable by group or others"),
            ("pipeline.yml", 17, "keys/fingerprint.key does not exist"),
            ("pipeline.yml", 12, "the vault identity opens nothing encrypted to the vault's recipients"),
            ("pipeline.yml", 13, "does not allow the pipeline's signing key"),
            ("people/alice.yml", 4, "catering"),
            ("pipeline.yml", 3, "the inbox does not exist; create it: mkdir -p"),
            ("schemas/none.xsd", nil, "the order schema (order_schema) does not exist"),
        ]
        let found = try problems(try workspace.cardprep(["check", workspace.pipeline, "--json"]))
        for mistake in expected {
            let match = found.first { ($0["file"] as? String)?.hasSuffix(mistake.file) == true && ($0["reason"] as? String)?.contains(mistake.words) == true }
            #expect(match != nil, "\(mistake.file): \(mistake.words) not in \(found)")
            if let line = mistake.line { #expect(match?["line"] as? Int == line, "\(mistake.words): \(String(describing: match))") }
            let place = mistake.line.map { "\(mistake.file):\($0): " } ?? mistake.file
            #expect(text.standardOutput.contains(place), "\(place) not in \(text.standardOutput)")
        }
        #expect(found.count == expected.count, "\(found)")
        #expect(text.standardOutput.contains("\(expected.count) problems"), "\(text.standardOutput)")
    }

    @Test func aRunStopsOnTheBureausMistakeAndTakesNoDrop() throws {
        let workspace = try SampleWorkspace()
        try replace("customers: \(SampleWorkspace.packageRoot)/Pipelines/customers", with: "customers: missing-customers", in: workspace.pipeline)
        let run = try workspace.cardprep(["run", workspace.pipeline])
        #expect(run.status == 64, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardError.contains("the folder of customer profiles does not exist"), "\(run.standardError)")
        #expect(run.standardError.contains("no drop was taken"), "\(run.standardError)")
        // The drop is still in the inbox, nothing was quarantined or registered.
        #expect(FileManager.default.fileExists(atPath: workspace.root + "/inbox/cust-01/drop-20261101-01/MANIFEST.sha256"))
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/quarantine"))
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/received"))
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/work"))

        // The printed fix works when pasted; then the run takes the drop.
        let fix = try #require(run.standardError.split(separator: "\n").first { $0.contains("mkdir -p") })
        let command = String(fix[fix.range(of: "mkdir -p")!.lowerBound...])
        let shell = try PastedInstructionTests.paste(command, in: workspace)
        #expect(shell.status == 0, "\(command): \(shell.standardError)")
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Pipelines/customers/cust-01.yml",
                                         toPath: workspace.root + "/missing-customers/cust-01.yml")
        let again = try workspace.cardprep(["run", workspace.pipeline])
        #expect(again.status == 0, "\(again.standardOutput)\(again.standardError)")
    }

    private func replace(_ old: String, with new: String, in file: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains(old), "\(old) not in \(file)")
        try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
    }
}
