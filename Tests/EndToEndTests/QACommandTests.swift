import CardPrepCore
import Foundation
import Testing

/// `cardprep qa lots / sample / record / report / resume` run as a user would, on a job manifest in a temporary folder,
/// with carol (qa-inspector) and alice (security) of the sample register and their DEMO-ONLY keys.
@Suite struct QACommandTests {
    let cardprep = BuiltExecutable(name: "cardprep")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("qa-e2e-\(UUID().uuidString)").path
    let seed = String(repeating: "5a", count: 32)
    static let lots = ["efefefefefef-J01-B001", "efefefefefef-J01-B002"]

    func setUp() throws -> String {
        let fm = FileManager.default
        for folder in ["/out", "/people", "/staff"] { try fm.createDirectory(atPath: root + folder, withIntermediateDirectories: true) }
        try Self.keygen(root + "/signing", comment: "qa@bureau")
        try Self.keygen(root + "/staff/mallory", comment: "mallory@elsewhere")
        for person in ["carol", "alice"] {
            try fm.copyItem(atPath: SampleWorkspace.packageRoot + "/Pipelines/people/\(person).yml", toPath: root + "/people/\(person).yml")
            try fm.copyItem(atPath: SampleWorkspace.packageRoot + "/Fixtures/keys/demo-staff-\(person)", toPath: root + "/staff/\(person)")
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/staff/\(person)")
        }
        let publicKey = try String(contentsOfFile: root + "/signing.pub", encoding: .utf8)
        try "qa@bureau \(publicKey)".write(toFile: root + "/allowed_signers", atomically: true, encoding: .utf8)
        let pipeline = """
            version: 1
            name: qa
            inbox: inbox
            output: out
            keys:
              identity: id.key
              signing: signing
            vault:
              allowed_signers: allowed_signers

            """
        try pipeline.write(toFile: root + "/pipeline.yml", atomically: true, encoding: .utf8)
        let dropID = String(repeating: "ef", count: 32)
        let batches = Self.lots.enumerated().map { index, id in
            JobManifest.Batch(id: id, branch: "BR1", orderLines: [1], firstSequence: index * 1200 + 1, cards: 1200)
        }
        let job = JobManifest.Job(id: "efefefefefef-J01", machine: "emb1", station: .embosser, product: "VISA-CL", layout: "l",
                                  file: "j.age", sha256: "", cards: 2400, batches: batches)
        let manifest = JobManifest(dropID: dropID, customer: "ACME", orderID: "PO-7", contract: "C-1", created: "2026-11-01T00:00:00Z",
                                   jobs: [job], lines: [.init(orderLine: 1, product: "VISA-CL", branch: "BR1", ordered: 2400, accepted: 2400, rejected: 0)])
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: root + "/jobs.json"))
        return root + "/pipeline.yml"
    }

    static func keygen(_ file: String, comment: String) throws {
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        keygen.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]
        try keygen.run()
        keygen.waitUntilExit()
    }

    /// Signs `statement` as `ssh-keygen -Y sign -n cardprep-statement` does with the key `staff/<person>`; returns the
    /// signature's path.
    func sign(_ statement: String, as person: String) throws -> String {
        let signature = statement + ".\(person)-\(UUID().uuidString.prefix(6)).sig"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        process.arguments = ["-Y", "sign", "-n", "cardprep-statement", "-f", root + "/staff/" + person]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: statement))
        _ = FileManager.default.createFile(atPath: signature, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: signature))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return signature
    }

    /// The lowercase hex SHA-256 of a file, as `sha256sum` prints it.
    static func sha256(of file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    /// Runs `command` in bash, as a person pasting it would; returns its exit status.
    func paste(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// `qa record` without a statement: exit 64 and the statement printed as JSON; returns its file.
    func askStatement(_ pipeline: String, lot: String, inspector: String = "carol", results: String) throws -> String {
        let asked = try cardprep.run(["qa", "record", pipeline, "--lot", lot, "--inspector", inspector, results, "--json"])
        #expect(asked.status == 64, "\(asked.standardOutput)\(asked.standardError)")
        let request = try #require(try JSONSerialization.jsonObject(with: Data(asked.standardOutput.utf8)) as? [String: Any])
        #expect(request["action"] as? String == "qa.decide")
        return try #require(request["statementFile"] as? String)
    }

    /// Draws the lot's sample with the test's seed and returns the pick list.
    func draw(_ pipeline: String, lot: String) throws -> [String] {
        let sample = try cardprep.run(["qa", "sample", pipeline, "--lot", lot, "--seed", seed, "--json"])
        #expect(sample.status == 0, "\(sample.standardError)")
        struct Picked: Decodable { var serials: [String]; var seed: String }
        let picked = try JSONDecoder().decode(Picked.self, from: Data(sample.standardOutput.utf8))
        #expect(picked.seed == seed && picked.serials.count == 125)
        return picked.serials
    }

    /// Whether the lot has a decision, as `qa lots --json` says.
    func decided(_ pipeline: String, lot: String) throws -> Bool {
        let listed = try cardprep.run(["qa", "lots", pipeline, "--json"])
        let lines = try #require((try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any])?["lots"] as? [[String: Any]])
        return lines.first { $0["lot"] as? String == lot }?["decision"] is String
    }

    @Test func planSampleRecordReportAndVerify() throws {
        let pipeline = try setUp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lots = try cardprep.run(["qa", "lots", pipeline, "--from-jobs", root + "/jobs.json", "--json"])
        #expect(lots.status == 0 && lots.standardOutput.contains(Self.lots[0]), "\(lots.standardError)")
        let lot = Self.lots[0]
        let serials = try draw(pipeline, lot: lot)
        let again = try cardprep.run(["qa", "sample", pipeline, "--lot", lot, "--seed", seed, "--json"])
        #expect(again.standardOutput.contains(serials[0]))

        var lines = ["serial,class,code,inspector"] + serials.dropFirst().map { "\($0),none,,carol" }
        try lines.joined(separator: "\n").write(toFile: root + "/short.csv", atomically: true, encoding: .utf8)
        let refused = try cardprep.run(["qa", "record", pipeline, "--lot", lot, "--inspector", "carol", root + "/short.csv"])
        #expect(refused.status == 64 && refused.standardError.contains("not inspected: \(serials[0])"), "\(refused.standardError)")
        lines += ["\(serials[0]),minor,PRT-02,carol"]
        let results = root + "/results.csv"
        try lines.joined(separator: "\n").write(toFile: results, atomically: true, encoding: .utf8)

        let asked = try cardprep.run(["qa", "record", pipeline, "--lot", lot, "--inspector", "carol", results])
        #expect(asked.status == 64, "\(asked.standardError)")
        for line in ["    action: qa.decide", "    subject: lot \(lot)", "    inspector: carol", "    decision: accepted",
                     "    results-sha256: ", "    minor: n=", "  carol (Carol Okafor, qa; roles qa-inspector) as inspector"] {
            #expect(asked.standardOutput.contains(line), "\(line)\n\(asked.standardOutput)")
        }
        #expect(asked.standardError.contains("signed by 1 person (exit 64)"), "\(asked.standardError)")
        #expect(try !decided(pipeline, lot: lot))

        let statement = try askStatement(pipeline, lot: lot, results: results)
        #expect(try String(contentsOfFile: statement, encoding: .utf8).contains("results-sha256: \(try Self.sha256(of: results))\n"))
        let recorded = try cardprep.run(
            ["qa", "record", pipeline, "--lot", lot, "--inspector", "carol", results, "--statement", statement,
             "--signature", try sign(statement, as: "carol"), "--json"])
        #expect(recorded.status == 0, "\(recorded.standardOutput)\(recorded.standardError)")
        let decision = try #require(try JSONSerialization.jsonObject(with: Data(recorded.standardOutput.utf8)) as? [String: Any])
        #expect(decision["accepted"] as? Bool == true && decision["decidedBy"] as? String == "carol")
        #expect(decision["statement"] as? String == (try Self.sha256(of: statement)))

        let report = try cardprep.run(["qa", "report", pipeline, "--lot", lot, "--out", root + "/reports"])
        #expect(report.status == 0, "\(report.standardError)")
        let html = try String(contentsOfFile: root + "/reports/\(lot).acceptance.html", encoding: .utf8)
        #expect(html.contains("Decision signed by the inspector Carol Okafor (carol)") && html.contains("Countersigned by the bureau"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/reports/\(lot).acceptance.json")))
                as? [String: Any])
        let signedBy = try #require(json["signedBy"] as? [String: Any])
        #expect(json["recordedBy"] as? String == "carol" && signedBy["person"] as? String == "carol")
        #expect((signedBy["keyFingerprint"] as? String)?.hasPrefix("SHA256:") == true && html.contains(signedBy["keyFingerprint"] as! String))
        #expect(html.contains(signedBy["statementDigest"] as! String))

        // The commands `qa report` prints verify the inspector's signature and the bureau's countersignature, pasted as
        // they are; an altered statement no longer verifies.
        let commands = report.standardOutput.split(separator: "\n").filter { $0.hasPrefix("    ssh-keygen -Y verify") }.map(String.init)
        #expect(commands.count == 2, "\(report.standardOutput)")
        for command in commands {
            #expect(try paste(command) == 0, "\(command)")
        }
        let statementCopy = root + "/reports/\(lot).acceptance.statement.txt"
        try (String(contentsOfFile: statementCopy, encoding: .utf8) + "x").write(toFile: statementCopy, atomically: true, encoding: .utf8)
        #expect(try paste(commands[0]) != 0)

        let resume = try cardprep.run(["qa", "resume", pipeline, "--customer", "ACME", "--product", "VISA-CL", "--by", "x", "--reason", "y"])
        #expect(resume.status == 64 && resume.standardError.contains("not discontinued"))
    }

    @Test func aDecisionNotSignedByTheNamedInspectorOverTheseResultsIsRefusedAndNothingRecorded() throws {
        let pipeline = try setUp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try cardprep.run(["qa", "lots", pipeline, "--from-jobs", root + "/jobs.json"]).status == 0)
        var resultFiles: [String] = []
        for lot in Self.lots {
            let results = root + "/results-\(lot).csv"
            try (["serial,class,code,inspector"] + (try draw(pipeline, lot: lot)).map { "\($0),none,,carol" })
                .joined(separator: "\n").write(toFile: results, atomically: true, encoding: .utf8)
            resultFiles.append(results)
        }
        let (lot, results) = (Self.lots[0], resultFiles[0])
        let record = ["qa", "record", pipeline, "--lot", lot, "--inspector", "carol", results]

        // alice is not a QA inspector: she cannot be named, nor sign carol's statement.
        let namedAlice = try cardprep.run(["qa", "record", pipeline, "--lot", lot, "--inspector", "alice", results])
        #expect(namedAlice.status == 64 && namedAlice.standardError.contains("may not sign as inspector"), "\(namedAlice.standardError)")
        let statement = try askStatement(pipeline, lot: lot, results: results)
        let byAlice = try cardprep.run(record + ["--statement", statement, "--signature", try sign(statement, as: "alice")])
        #expect(byAlice.status == 5 && byAlice.standardError.contains("alice signed, but the statement names carol"), "\(byAlice.standardError)")
        // A key that is not in the register.
        let byMallory = try cardprep.run(record + ["--statement", statement, "--signature", try sign(statement, as: "mallory")])
        #expect(byMallory.status == 5 && byMallory.standardError.contains("not in the register of people"), "\(byMallory.standardError)")
        // carol's signed statement of the other lot.
        let other = try askStatement(pipeline, lot: Self.lots[1], results: resultFiles[1])
        let ofOtherLot = try cardprep.run(record + ["--statement", other, "--signature", try sign(other, as: "carol")])
        #expect(ofOtherLot.status == 5 && ofOtherLot.standardError.contains("another request: its subject is 'lot \(Self.lots[1])'"),
                "\(ofOtherLot.standardError)")
        // The results changed after carol signed: a defect added.
        let signedByCarol = try sign(statement, as: "carol")
        let original = try String(contentsOfFile: results, encoding: .utf8)
        let serial = original.split(separator: "\n")[1].split(separator: ",")[0]
        try (original + "\n\(serial),major,EMB-03,carol").write(toFile: results, atomically: true, encoding: .utf8)
        let changed = try cardprep.run(record + ["--statement", statement, "--signature", signedByCarol])
        #expect(changed.status == 5 && changed.standardError.contains("changed after the statement was printed"), "\(changed.standardError)")
        // A results line naming someone who is not a registered inspector.
        try (original + "\n\(serial),minor,PRT-01,Carol O.").write(toFile: results, atomically: true, encoding: .utf8)
        let unnamed = try cardprep.run(record)
        #expect(unnamed.status == 64 && unnamed.standardError.contains("names inspector 'Carol O.'"), "\(unnamed.standardError)")
        for lot in Self.lots { #expect(try !decided(pipeline, lot: lot), "\(lot)") }

        // The results as carol signed them: recorded with her as the one who decided; the statement is used once.
        try original.write(toFile: results, atomically: true, encoding: .utf8)
        let accepted = try cardprep.run(record + ["--statement", statement, "--signature", signedByCarol])
        #expect(accepted.status == 0 && accepted.standardOutput.contains("decided by Carol Okafor (carol)"), "\(accepted.standardError)")
        #expect(accepted.standardOutput.contains("statement \(try Self.sha256(of: statement))"), "\(accepted.standardOutput)")
        #expect(try decided(pipeline, lot: lot))
        let listed = try cardprep.run(["qa", "lots", pipeline])
        #expect(
            listed.standardOutput.contains("\(lot)  ACME/VISA-CL  size 1200  normal  n=125  accepted (signed by carol)"),
            "\(listed.standardOutput)")
    }
}
