import Foundation
import Testing

/// The instructions CardPrep prints for people are commands that work when pasted into a shell.
@Suite(.serialized) struct PastedInstructionTests {
    /// Runs `command` the way a person pastes it: through the shell, with the built `cardprep` on the PATH.
    static func paste(_ command: String, in workspace: SampleWorkspace) throws -> BuiltExecutable.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = BuiltExecutable.productsFolder.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(), error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
                     standardError: String(decoding: error, as: UTF8.self))
    }

    @Test func theQuarantineReasonFileSaysHowToReleaseTheDrop() throws {
        let workspace = try SampleWorkspace(production: nil)
        let inboxDrop = workspace.root + "/inbox/cust-01/drop-20261101-01"
        let signature = try Data(contentsOf: URL(fileURLWithPath: inboxDrop + "/MANIFEST.sha256.sig"))
        try FileManager.default.removeItem(atPath: inboxDrop + "/MANIFEST.sha256.sig")
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 3, "\(first.standardOutput)\(first.standardError)")

        let quarantine = workspace.output + "/quarantine/cust-01"
        let reasonFile = try #require(try FileManager.default.contentsOfDirectory(atPath: quarantine).first { $0.hasSuffix(".reason.txt") })
        let reason = try String(contentsOfFile: quarantine + "/" + reasonFile, encoding: .utf8)
        let line = try #require(reason.split(separator: "\n").first { $0.hasPrefix("release: ") })
        let command = try #require(line.range(of: "run: ").map { String(line[$0.upperBound...]) }, "\(line)")
        // The customer sends the signature; security puts it beside the drop, then pastes the command.
        try signature.write(to: URL(fileURLWithPath: quarantine + "/" + String(reasonFile.dropLast(".reason.txt".count)) + "/MANIFEST.sha256.sig"))
        let pasted = try Self.paste(command, in: workspace)
        #expect(pasted.status == 0, "\(command): \(pasted.standardOutput)\(pasted.standardError)")
        let next = try workspace.cardprep(["run", workspace.pipeline])
        #expect(next.status == 0, "\(next.standardOutput)\(next.standardError)")
        #expect(next.standardOutput.contains("ingested     cust-01/drop-20261101-01"))
    }

    @Test func theFixOfAFailedDropEndsInACommandThatTakesItOnAgain() throws {
        let workspace = try SampleWorkspace(production: nil)
        let customers = workspace.root + "/customers"
        try FileManager.default.copyItem(atPath: SampleWorkspace.packageRoot + "/Pipelines/customers", toPath: customers)
        let pipeline = try String(contentsOfFile: workspace.pipeline, encoding: .utf8)
        try pipeline.replacingOccurrences(of: "customers: \(SampleWorkspace.packageRoot)/Pipelines/customers", with: "customers: customers")
            .write(toFile: workspace.pipeline, atomically: true, encoding: .utf8)
        let profile = customers + "/cust-01.yml"
        let original = try String(contentsOfFile: profile, encoding: .utf8)
        try original.replacingOccurrences(of: "machines: [laser-1]", with: "machines: []")
            .write(toFile: profile, atomically: true, encoding: .utf8)
        let first = try workspace.cardprep(["run", workspace.pipeline])
        #expect(first.status == 1, "\(first.standardOutput)\(first.standardError)")
        #expect(first.standardOutput.contains("attention: 1 drop(s) (1 failed)"), "\(first.standardOutput)")

        let status = try workspace.cardprep(["status", workspace.pipeline, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        let drop = try #require((object["drops"] as? [[String: Any]])?.first)
        #expect(drop["state"] as? String == "failed")
        let fix = try #require((drop["failure"] as? [String: Any])?["fix"] as? String)
        #expect(fix.contains("cust-01.yml"), "\(fix)")
        let command = try #require(fix.range(of: "then run: ").map { String(fix[$0.upperBound...]) }, "\(fix)")

        try original.write(toFile: profile, atomically: true, encoding: .utf8)
        let again = try workspace.cardprep(["run", workspace.pipeline])
        #expect(again.status == 1, "a failed drop waits for a person even after the cause is fixed")
        let pasted = try Self.paste(command, in: workspace)
        #expect(pasted.status == 0, "\(command): \(pasted.standardOutput)\(pasted.standardError)")
        let next = try workspace.cardprep(["run", workspace.pipeline])
        #expect(next.status == 0, "\(next.standardOutput)\(next.standardError)")
        #expect(next.standardOutput.contains("job          "), "\(next.standardOutput)")
    }
}
