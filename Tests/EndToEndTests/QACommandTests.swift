import CardPrepCore
import Foundation
import Testing

/// `cardprep qa lots / sample / record / report / resume` run as a user would, on a job manifest in a temporary folder.
@Suite struct QACommandTests {
    let cardprep = BuiltExecutable(name: "cardprep")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("qa-e2e-\(UUID().uuidString)").path
    let seed = String(repeating: "5a", count: 32)

    func setUp() throws -> String {
        try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        keygen.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", "qa@bureau", "-f", root + "/signing"]
        try keygen.run()
        keygen.waitUntilExit()
        let pipeline = "version: 1\nname: qa\ninbox: inbox\noutput: out\nkeys:\n  identity: id.key\n  signing: signing\n"
        try pipeline.write(toFile: root + "/pipeline.yml", atomically: true, encoding: .utf8)
        let dropID = String(repeating: "ef", count: 32)
        let batch = JobManifest.Batch(id: "efefefefefef-J01-B001", branch: "BR1", orderLines: [1], firstSequence: 1, cards: 1200)
        let job = JobManifest.Job(id: "efefefefefef-J01", machine: "emb1", station: .embosser, product: "VISA-CL", layout: "l",
                                  file: "j.age", sha256: "", cards: 1200, batches: [batch])
        let manifest = JobManifest(dropID: dropID, customer: "ACME", orderID: "PO-7", contract: "C-1", created: "2026-11-01T00:00:00Z",
                                   jobs: [job], lines: [.init(orderLine: 1, product: "VISA-CL", branch: "BR1", ordered: 1200, accepted: 1200, rejected: 0)])
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: root + "/jobs.json"))
        return root + "/pipeline.yml"
    }

    @Test func planSampleRecordReportAndVerify() throws {
        let pipeline = try setUp()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lots = try cardprep.run(["qa", "lots", pipeline, "--from-jobs", root + "/jobs.json", "--json"])
        #expect(lots.status == 0 && lots.standardOutput.contains("efefefefefef-J01-B001"), "\(lots.standardError)")
        let lot = "efefefefefef-J01-B001"
        let sample = try cardprep.run(["qa", "sample", pipeline, "--lot", lot, "--seed", seed, "--json"])
        #expect(sample.status == 0, "\(sample.standardError)")
        struct Picked: Decodable { var serials: [String]; var seed: String }
        let picked = try JSONDecoder().decode(Picked.self, from: Data(sample.standardOutput.utf8))
        #expect(picked.seed == seed && picked.serials.count == 125)
        let again = try cardprep.run(["qa", "sample", pipeline, "--lot", lot, "--seed", seed, "--json"])
        #expect(again.standardOutput == sample.standardOutput)

        var lines = ["serial,class,code,inspector"] + picked.serials.dropFirst().map { "\($0),none,,ana" }
        try lines.joined(separator: "\n").write(toFile: root + "/short.csv", atomically: true, encoding: .utf8)
        let refused = try cardprep.run(["qa", "record", pipeline, "--lot", lot, root + "/short.csv"])
        #expect(refused.status == 64 && refused.standardError.contains("not inspected: \(picked.serials[0])"))
        lines += ["\(picked.serials[0]),minor,PRT-02,bo"]
        try lines.joined(separator: "\n").write(toFile: root + "/results.csv", atomically: true, encoding: .utf8)
        let recorded = try cardprep.run(["qa", "record", pipeline, "--lot", lot, root + "/results.csv"])
        #expect(recorded.status == 0 && recorded.standardOutput.contains("ACCEPTED"), "\(recorded.standardError)")

        let report = try cardprep.run(["qa", "report", pipeline, "--lot", lot, "--out", root + "/reports"])
        #expect(report.status == 0, "\(report.standardError)")
        let publicKey = try String(contentsOfFile: root + "/signing.pub", encoding: .utf8)
        try "qa@bureau \(publicKey)".write(toFile: root + "/allowed_signers", atomically: true, encoding: .utf8)
        for file in ["html", "json"].map({ root + "/reports/\(lot).acceptance.\($0)" }) {
            let verify = Process()
            verify.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
            verify.arguments = ["-Y", "verify", "-f", root + "/allowed_signers", "-I", "qa@bureau", "-n", "cardprep-report", "-s", file + ".sig"]
            verify.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            verify.standardOutput = FileHandle.nullDevice
            try verify.run()
            verify.waitUntilExit()
            #expect(verify.terminationStatus == 0, "\(file)")
        }
        let resume = try cardprep.run(["qa", "resume", pipeline, "--customer", "ACME", "--product", "VISA-CL", "--by", "x", "--reason", "y"])
        #expect(resume.status == 64 && resume.standardError.contains("not discontinued"))
    }
}
